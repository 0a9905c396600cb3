package dev.gracefulagent.log;

import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/** Entry point to the agent's logging: one logger per agent component, all writing [graceful] lines. */
public final class Log {
    private Log() {
    }

    public static Logger get(Class<?> owner) {
        return LoggerFactory.getLogger(owner);
    }

    /** Sets the verbosity from {@code graceful.log.level}. */
    public static void setLevel(String level) {
        StderrLogger.setThreshold(Level.valueOf(level.toUpperCase(Locale.ROOT)));
    }
}
