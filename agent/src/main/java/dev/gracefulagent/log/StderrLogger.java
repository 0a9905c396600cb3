package dev.gracefulagent.log;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * Writes the agent's log lines to the process's stderr: {@code [graceful]} text lines, or in JSON mode one object
 * per line, event {@code warning} for a WARN and {@code log} for any other level.
 */
final class StderrLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;

    StderrLogger(String name) {
        this.name = name;
    }

    @Override
    public boolean isTraceEnabled() {
        return Output.enabled(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return Output.enabled(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return Output.enabled(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return Output.enabled(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return Output.enabled(Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args,
                                               Throwable throwable) {
        String message = MessageFormatter.basicArrayFormat(pattern, args);
        boolean withStack = throwable != null && Output.enabled(Level.DEBUG);
        if (Output.json()) {
            JsonLine line = JsonLine.now(level, level == Level.WARN ? "warning" : "log")
                    .field("logger", name)
                    .field("message", message);
            if (throwable != null) {
                line.field("error", throwable.toString());
            }
            if (withStack) {
                line.field("stack", stackLines(throwable));
            }
            Output.write(line.toString());
            return;
        }
        String text = Output.textLine(level, message) + (throwable == null ? "" : ": " + throwable);
        if (withStack) {
            Output.write(text, throwable);
        } else {
            Output.write(text);
        }
    }

    /** The printed stack trace, line by line without the leading tab, causes included. */
    private static List<String> stackLines(Throwable throwable) {
        StringWriter printed = new StringWriter();
        throwable.printStackTrace(new PrintWriter(printed));
        List<String> lines = new ArrayList<>();
        for (String line : printed.toString().split("\r?\n")) {
            lines.add(line.trim());
        }
        return lines;
    }
}
