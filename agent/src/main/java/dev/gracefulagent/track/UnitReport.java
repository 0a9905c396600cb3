package dev.gracefulagent.track;

import java.util.ArrayList;
import java.util.List;

/** Takes one unit for the operator's report: what it is, how old, which thread, where. */
final class UnitReport {
    private UnitReport() {
    }

    /** {@code placedLast}: no unit was placed on the unit's thread after it, so the thread may still run it. */
    static RunningUnit describe(Unit unit, Describer describer, long nowNanos, int maxFrames, boolean placedLast) {
        Thread thread = unit.thread;
        StackTraceElement[] stack = thread.getStackTrace();
        List<String> frames = null;
        if (placedLast && isAt(stack, describer.entryFrame())) {
            frames = new ArrayList<>();
            for (int i = 0; i < Math.min(maxFrames, stack.length); i++) {
                frames.add(stack[i].toString());
            }
        }
        return new RunningUnit(safeDescribe(unit, describer), (nowNanos - unit.startNanos) / 1_000_000,
                thread.getName(), frames);
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
}
