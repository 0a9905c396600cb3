package dev.gracefulagent.integration.executor;

/** Names where a hand-off comes from: the thread and the first frame of code outside the JDK and the agent. */
final class HandOffSource {
    private HandOffSource() {
    }

    /** "thread feeder-1 (com.example.Feeder.run)". */
    static String describe(Thread thread) {
        for (StackTraceElement frame : thread.getStackTrace()) {
            String name = frame.getClassName();
            if (!ExecutorRules.isInfrastructure(name)) {
                return "thread " + thread.getName() + " (" + name + "." + frame.getMethodName() + ")";
            }
        }
        return "thread " + thread.getName();
    }
}
