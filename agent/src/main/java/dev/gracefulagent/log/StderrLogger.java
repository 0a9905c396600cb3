package dev.gracefulagent.log;

import java.io.PrintStream;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * Writes {@code [graceful]} lines to the process's stderr. It holds its own stream on file descriptor 2,
 * so the lines still appear after the application's logging framework has shut down or replaced System.err.
 */
final class StderrLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;
    private static final PrintStream STDERR = new PrintStream(new FileOutputStream(FileDescriptor.err), true);
    private static volatile int threshold = Level.INFO.toInt();

    StderrLogger(String name) {
        this.name = name;
    }

    static void setThreshold(Level level) {
        threshold = level.toInt();
    }

    private static boolean enabled(Level level) {
        return level.toInt() >= threshold;
    }

    @Override
    public boolean isTraceEnabled() {
        return enabled(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return enabled(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return enabled(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return enabled(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return enabled(Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args,
                                               Throwable throwable) {
        String message = MessageFormatter.basicArrayFormat(pattern, args);
        String prefix = level == Level.INFO ? "[graceful] " : "[graceful] " + level + " ";
        StringBuilder line = new StringBuilder(prefix).append(message);
        if (throwable != null) {
            line.append(": ").append(throwable);
        }
        synchronized (STDERR) {
            STDERR.println(line);
            if (throwable != null && enabled(Level.DEBUG)) {
                throwable.printStackTrace(STDERR);
            }
        }
    }
}
