package dev.gracefulagent.config;

/** A setting with a value the agent cannot accept; the message is the one line shown to the operator. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
