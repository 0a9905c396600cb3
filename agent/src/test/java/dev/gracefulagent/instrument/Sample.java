package dev.gracefulagent.instrument;

/** Methods shaped like the ones integrations hook: a loop at offset 0 gives the original code a frame there. */
public class Sample {
    public int calls;

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
