package dev.gracefulagent.log;

import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * Entry point to the agent's logging: SLF4J's API (relocated) over the agent's own stderr logger. Loggers are
 * created directly rather than through LoggerFactory: its provider discovery scans the class path with a
 * ServiceLoader, which alone would cost about 30 ms of the application's start-up.
 */
public final class Log {
    private Log() {
    }

    public static Logger get(Class<?> owner) {
        return new StderrLogger(owner.getName());
    }

    /** Sets the verbosity from {@code graceful.log.level}. */
    public static void setLevel(String level) {
        Output.setThreshold(Level.valueOf(level.toUpperCase(Locale.ROOT)));
    }

    /** Sets the format from {@code graceful.log.format}: "json" for one JSON object per line, else text. */
    public static void setFormat(String format) {
        Output.setJson("json".equals(format));
    }
}
