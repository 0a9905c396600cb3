package dev.gracefulagent.config;

/**
 * Every setting the agent reads. The help table and the README's configuration table are generated from
 * this list, so a setting exists exactly when it is declared here.
 */
public enum Setting {
    ENABLED("enabled", ValueType.BOOLEAN, "true", "false turns the agent into a no-op"),
    TIMEOUT("timeout", ValueType.DURATION, "30s", "overall deadline from the signal to exit"),
    PRE_STOP_DELAY("preStopDelay", ValueType.DURATION, "0",
            "keep serving (while reporting not-ready) this long before closing listeners; counts within timeout"),
    IDLE_GRACE("idleGrace", ValueType.DURATION, "1s",
            "after stop intake, keep keep-alive connections idle between two requests open this long: a request"
                    + " on one (a proxy reusing its pooled connection) is served with Connection: close; those still"
                    + " idle then are closed. Ends early once none is left, never past timeout; 0 closes them at"
                    + " once"),
    SIGNALS("signals", ValueType.SIGNALS, "TERM,INT", "signals trapped to start the graceful shutdown"),
    LOG_LEVEL("log.level", ValueType.LOG_LEVEL, "info", "verbosity of the agent's [graceful] lines on stderr"),
    LOG_FORMAT("log.format", ValueType.LOG_FORMAT, "text",
            "text: the [graceful] lines; json: one JSON object per line on stderr, for log pipelines (fields in"
                    + " the README's Machine-readable logs section)"),
    HEALTH_PORT("health.port", ValueType.PORT, "",
            "if set, serve /ready (200, 503 once shutdown begins) and /live on this port"),
    HEALTH_BIND("health.bind", ValueType.TEXT, "0.0.0.0", "address the health port binds to"),
    JMX("jmx", ValueType.BOOLEAN, "false",
            "register the read-only MBean dev.gracefulagent:type=GracefulShutdown (state, readiness, in-flight"
                    + " counts); off by default because starting JMX adds start-up time when the application does"
                    + " not use it"),
    EXCLUDE("exclude", ValueType.NAME_LIST, "",
            "integrations to switch off, comma-separated (names listed below); an unknown name is an error"),
    EXECUTOR_INCLUDE("executor.include", ValueType.PATTERN_LIST, "",
            "executors, timers, virtual threads and fork/join submissions to drain although built-in rules call"
                    + " them infrastructure; matched against the class that created or started them, their own class,"
                    + " their thread factory's class and their thread names"),
    EXECUTOR_EXCLUDE("executor.exclude", ValueType.PATTERN_LIST, "",
            "executors, timers, virtual threads and fork/join submissions never to drain or stop (wins over"
                    + " executor.include); matched like executor.include"),
    CACHE_DIR("cache.dir", ValueType.TEXT, "",
            "directory where woven classes are kept between runs, to shorten the next start-up; off when empty. An"
                    + " entry is used only for the same class bytes, agent jar and hooks; the cache stays off (one"
                    + " warning) when the directory cannot be written or others may write it (it holds code the JVM"
                    + " runs)"),
    LISTENERS_KEEP_OPEN("listeners.keepOpen", ValueType.PORT_OR_PATTERN_LIST, "",
            "listening sockets that no integration owns to leave open at stop intake, as infrastructure (by port,"
                    + " or by a class on the stack that opened them; * keeps every unowned listener open); by default"
                    + " they are closed and their open connections make the exit code 1");

    public static final String PROPERTY_PREFIX = "graceful.";
    public static final String ENV_PREFIX = "GRACEFUL_";

    private final String key;
    private final ValueType type;
    private final String defaultValue;
    private final String description;

    Setting(String key, ValueType type, String defaultValue, String description) {
        this.key = key;
        this.type = type;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    /** The short name used in agent arguments, e.g. {@code preStopDelay}. */
    public String key() {
        return key;
    }

    /** The system property, e.g. {@code graceful.preStopDelay}. */
    public String property() {
        return PROPERTY_PREFIX + key;
    }

    /** The environment variable, e.g. {@code GRACEFUL_PRE_STOP_DELAY}. */
    public String environmentVariable() {
        StringBuilder name = new StringBuilder(ENV_PREFIX);
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isUpperCase(c)) {
                name.append('_');
            }
            name.append(c == '.' ? '_' : Character.toUpperCase(c));
        }
        return name.toString();
    }

    public ValueType type() {
        return type;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    static Setting byKey(String key) {
        for (Setting s : values()) {
            if (s.key.equals(key)) {
                return s;
            }
        }
        return null;
    }

    static Setting byEnvironmentVariable(String name) {
        for (Setting s : values()) {
            if (s.environmentVariable().equals(name)) {
                return s;
            }
        }
        return null;
    }
}
