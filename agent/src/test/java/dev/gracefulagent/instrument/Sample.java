package dev.gracefulagent.instrument;

/** Methods shaped like the ones integrations hook: a loop at offset 0 gives the original code a frame there. */
public class Sample {
    public int calls;
    public Object tag;

    public Sample() {
    }

    /** Delegates to another constructor and returns from a branch, so the return hook runs once per return. */
    public Sample(Object tag) {
        this();
        if (tag == null) {
            return;
        }
        this.tag = tag;
    }

    /** Task runs inside a loop and a try/catch: the woven call must keep both intact. */
    public int runAll(Runnable[] tasks) {
        int ran = 0;
        for (Runnable task : tasks) {
            try {
                task.run();
                ran++;
            } catch (IllegalStateException e) {
                ran += 100;
            }
        }
        return ran;
    }

    public static void runStatic(Thread task) {
        task.run();
    }

    /** Two returns with a long on the stack. */
    public long pick(boolean first, Object unused) {
        if (first) {
            return 1L;
        }
        return 2L;
    }

    public boolean handle(String request, Object response) {
        calls++;
        return request.isEmpty();
    }

    /** A do-while body is a jump target at offset 0, so javac puts a stack map frame there. */
    public void loopFirst(String label) {
        do {
            calls++;
        } while (calls % 3 != 0);
    }

    public static long statik(Object a, long b, Object c) {
        return b;
    }
}
