package dev.gracefulagent.track;

/** Formats one unit for the operator: "GET /work, age 10.2s, thread qtp-12, at ...". */
final class UnitReport {
    private UnitReport() {
    }

    static String describe(Unit unit, Describer describer, long nowNanos, int maxFrames) {
        StringBuilder line = new StringBuilder();
        line.append(safeDescribe(unit, describer));
        line.append(", age ").append(formatMillis((nowNanos - unit.startNanos) / 1_000_000));
        StackTraceElement[] stack = unit.thread.getStackTrace();
        if (!isAt(stack, describer.entryFrame())) {
            line.append(", started on thread ").append(unit.thread.getName())
                    .append(", now waiting for an asynchronous completion");
            return line.toString();
        }
        line.append(", thread ").append(unit.thread.getName());
        int frames = Math.min(maxFrames, stack.length);
        for (int i = 0; i < frames; i++) {
            line.append("\n        at ").append(stack[i]);
        }
        return line.toString();
    }

    private static String safeDescribe(Unit unit, Describer describer) {
        try {
            return describer.describe(unit.subject);
        } catch (RuntimeException e) {
            return unit.subject.getClass().getName();
        }
    }

    /** Whether the unit's thread is still inside the unit (not merely the thread that started it). */
    static boolean isRunningOn(Unit unit, Describer describer) {
        return isAt(unit.thread.getStackTrace(), describer.entryFrame());
    }

    private static boolean isAt(StackTraceElement[] stack, String frame) {
        for (StackTraceElement element : stack) {
            if (frame.equals(element.getClassName() + "." + element.getMethodName())) {
                return true;
            }
        }
        return false;
    }

    static String formatMillis(long millis) {
        return millis < 1000 ? millis + "ms" : String.format("%.1fs", millis / 1000.0);
    }
}
