package dev.gracefulagent.log;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import org.slf4j.event.Level;

/**
 * Where every agent line goes, in which format, from which level on. It holds its own stream on file descriptor 2,
 * so the lines still appear after the application's logging framework has shut down or replaced System.err.
 */
final class Output {
    private static final Object LOCK = new Object();
    private static PrintStream stream = new PrintStream(new FileOutputStream(FileDescriptor.err), true);
    private static volatile int threshold = Level.INFO.toInt();
    private static volatile boolean json;

    private Output() {
    }

    static void setThreshold(Level level) {
        threshold = level.toInt();
    }

    static boolean enabled(Level level) {
        return level.toInt() >= threshold;
    }

    static void setJson(boolean on) {
        json = on;
    }

    static boolean json() {
        return json;
    }

    /** Today's text line: {@code [graceful] message}, with the level named unless it is INFO. */
    static String textLine(Level level, String message) {
        return (level == Level.INFO ? "[graceful] " : "[graceful] " + level + " ") + message;
    }

    static void write(String line) {
        synchronized (LOCK) {
            stream.println(line);
        }
    }

    /** A line followed by a stack trace, with no other line in between. */
    static void write(String line, Throwable stackTrace) {
        synchronized (LOCK) {
            stream.println(line);
            stackTrace.printStackTrace(stream);
        }
    }

    /** For tests: sends the lines elsewhere and returns the stream used so far. */
    static PrintStream redirect(PrintStream replacement) {
        synchronized (LOCK) {
            PrintStream before = stream;
            stream = replacement;
            return before;
        }
    }
}
