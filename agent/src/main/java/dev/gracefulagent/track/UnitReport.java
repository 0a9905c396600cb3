package dev.gracefulagent.track;

/** Formats one unit for the operator: "GET /work, age 10.2s, thread qtp-12, at ...". */
final class UnitReport {
    private UnitReport() {
    }

    /** {@code placedLast}: no unit was placed on the unit's thread after it, so the thread may still run it. */
    static String describe(Unit unit, Describer describer, long nowNanos, int maxFrames, boolean placedLast) {
        StringBuilder line = new StringBuilder();
        line.append(safeDescribe(unit, describer));
        line.append(", age ").append(formatMillis((nowNanos - unit.startNanos) / 1_000_000));
        Thread thread = unit.thread;
        StackTraceElement[] stack = thread.getStackTrace();
        if (!placedLast || !isAt(stack, describer.entryFrame())) {
            line.append(", started on thread ").append(thread.getName())
                    .append(", now waiting for an asynchronous completion");
            return line.toString();
        }
        line.append(", thread ").append(thread.getName());
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
        if (frame == null) {
            return true;
        }
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
