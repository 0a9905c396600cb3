package dev.gracefulagent.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The agent's typed settings. Each one comes from, highest first: agent arguments, system properties,
 * environment variables, the default. Anything malformed or unknown is a {@link ConfigException} whose
 * message is the single line shown to the operator.
 */
public final class Config {
    private final Map<Setting, Object> values;
    private final List<String> warnings;

    private Config(Map<Setting, Object> values, List<String> warnings) {
        this.values = values;
        this.warnings = warnings;
    }

    /** Reads this JVM's agent arguments, system properties and environment. */
    public static Config load(String agentArgs, Collection<String> integrationNames) {
        return parse(agentArgs, System.getProperties(), System.getenv(), integrationNames);
    }

    public static Config parse(String agentArgs, Properties properties, Map<String, String> environment,
                               Collection<String> integrationNames) {
        Map<Setting, String> raw = new EnumMap<>(Setting.class);
        Map<Setting, String> origin = new EnumMap<>(Setting.class);
        List<String> warnings = new ArrayList<>();

        for (Map.Entry<String, String> e : environment.entrySet()) {
            if (!e.getKey().startsWith(Setting.ENV_PREFIX)) {
                continue;
            }
            Setting s = Setting.byEnvironmentVariable(e.getKey());
            if (s == null) {
                // other tools use this prefix too: an unknown variable is worth a warning, not a refusal
                warnings.add("ignoring unknown environment variable " + e.getKey() + "; known: " + knownVariables());
            } else {
                raw.put(s, e.getValue());
                origin.put(s, e.getKey());
            }
        }
        for (String name : properties.stringPropertyNames()) {
            if (!name.startsWith(Setting.PROPERTY_PREFIX)) {
                continue;
            }
            Setting s = Setting.byKey(name.substring(Setting.PROPERTY_PREFIX.length()));
            if (s == null) {
                throw new ConfigException("unknown setting " + name + "; accepted: " + knownKeys(true));
            }
            raw.put(s, properties.getProperty(name));
            origin.put(s, name);
        }
        for (String pair : agentArguments(agentArgs)) {
            int eq = pair.indexOf('=');
            String key = (eq < 0 ? pair : pair.substring(0, eq)).trim();
            if (key.startsWith(Setting.PROPERTY_PREFIX)) {
                key = key.substring(Setting.PROPERTY_PREFIX.length());
            }
            Setting s = Setting.byKey(key);
            if (s == null || eq < 0) {
                throw new ConfigException("unknown agent argument '" + pair + "'; accepted: " + knownKeys(false)
                        + " as key=value pairs separated by commas");
            }
            raw.put(s, pair.substring(eq + 1));
            origin.put(s, s.property() + " (agent argument)");
        }

        Map<Setting, Object> values = new EnumMap<>(Setting.class);
        for (Setting s : Setting.values()) {
            String text = raw.containsKey(s) ? raw.get(s) : s.defaultValue();
            Object value = s.type().parse(text);
            if (value == null) {
                String where = origin.containsKey(s) ? origin.get(s) : s.property();
                throw new ConfigException(where + ": '" + text + "' is not accepted; expected " + s.type().accepted());
            }
            values.put(s, value);
        }
        Config config = new Config(values, warnings);
        config.checkCombinations(integrationNames);
        return config;
    }

    /** {@link #requestedLogFormat(String, Properties, Map)} for this JVM. */
    public static String requestedLogFormat(String agentArgs) {
        return requestedLogFormat(agentArgs, System.getProperties(), System.getenv());
    }

    /**
     * The log format alone, read leniently, so that a malformed setting elsewhere is still reported in the format
     * the operator's log pipeline expects: the default when no source gives a valid one.
     */
    public static String requestedLogFormat(String agentArgs, Properties properties, Map<String, String> environment) {
        Setting format = Setting.LOG_FORMAT;
        String raw = properties.getProperty(format.property(), environment.get(format.environmentVariable()));
        for (String pair : agentArguments(agentArgs)) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? "" : pair.substring(0, eq).trim();
            if (key.equals(format.key()) || key.equals(format.property())) {
                raw = pair.substring(eq + 1);
            }
        }
        Object value = raw == null ? null : format.type().parse(raw);
        return value == null ? format.defaultValue() : (String) value;
    }

    /**
     * Agent arguments are {@code key=value} pairs separated by commas; a list value (signals, exclude)
     * separates its own items with semicolons there, or continues after a comma when the next item has no '='.
     */
    private static List<String> agentArguments(String agentArgs) {
        List<String> pairs = new ArrayList<>();
        if (agentArgs == null || agentArgs.trim().isEmpty()) {
            return pairs;
        }
        for (String part : agentArgs.split(",")) {
            if (!part.contains("=") && !pairs.isEmpty() && isListValued(pairs.get(pairs.size() - 1))) {
                pairs.set(pairs.size() - 1, pairs.get(pairs.size() - 1) + "," + part);
            } else if (!part.trim().isEmpty()) {
                pairs.add(part.trim());
            }
        }
        return pairs;
    }

    private static boolean isListValued(String pair) {
        Setting s = Setting.byKey(pair.substring(0, Math.max(0, pair.indexOf('='))).replace(Setting.PROPERTY_PREFIX, ""));
        return s != null && (s.type() == ValueType.NAME_LIST || s.type() == ValueType.SIGNALS
                || s.type() == ValueType.PATTERN_LIST || s.type() == ValueType.PORT_OR_PATTERN_LIST);
    }

    private void checkCombinations(Collection<String> integrationNames) {
        for (String name : exclude()) {
            if (!integrationNames.contains(name)) {
                throw new ConfigException(Setting.EXCLUDE.property() + ": unknown integration '" + name
                        + "'; accepted: " + String.join(", ", integrationNames));
            }
        }
        if (timeoutMillis() == 0) {
            throw new ConfigException(Setting.TIMEOUT.property() + ": 0 leaves no time to drain; expected a duration"
                    + " greater than zero");
        }
        if (preStopDelayMillis() > 0 && preStopDelayMillis() >= timeoutMillis()) {
            throw new ConfigException(Setting.PRE_STOP_DELAY.property() + ": " + preStopDelayMillis()
                    + "ms must be shorter than " + Setting.TIMEOUT.property() + " (" + timeoutMillis()
                    + "ms), which it counts within");
        }
    }

    private static String knownKeys(boolean asProperties) {
        List<String> keys = new ArrayList<>();
        for (Setting s : Setting.values()) {
            keys.add(asProperties ? s.property() : s.key());
        }
        return String.join(", ", keys);
    }

    private static String knownVariables() {
        List<String> names = new ArrayList<>();
        for (Setting s : Setting.values()) {
            names.add(s.environmentVariable());
        }
        return String.join(", ", names);
    }

    public List<String> warnings() {
        return Collections.unmodifiableList(warnings);
    }

    public boolean enabled() {
        return (Boolean) values.get(Setting.ENABLED);
    }

    public long timeoutMillis() {
        return (Long) values.get(Setting.TIMEOUT);
    }

    public long preStopDelayMillis() {
        return (Long) values.get(Setting.PRE_STOP_DELAY);
    }

    public long idleGraceMillis() {
        return (Long) values.get(Setting.IDLE_GRACE);
    }

    @SuppressWarnings("unchecked")
    public List<String> signals() {
        return (List<String>) values.get(Setting.SIGNALS);
    }

    public String logLevel() {
        return (String) values.get(Setting.LOG_LEVEL);
    }

    /** "text" or "json". */
    public String logFormat() {
        return (String) values.get(Setting.LOG_FORMAT);
    }

    /** The health port, or -1 when no health endpoint is wanted. */
    public int healthPort() {
        return (Integer) values.get(Setting.HEALTH_PORT);
    }

    /** Empty when the cache of woven classes is off. */
    public String cacheDir() {
        return (String) values.get(Setting.CACHE_DIR);
    }

    public String healthBind() {
        return (String) values.get(Setting.HEALTH_BIND);
    }

    public boolean jmx() {
        return (Boolean) values.get(Setting.JMX);
    }

    @SuppressWarnings("unchecked")
    public List<String> exclude() {
        return (List<String>) values.get(Setting.EXCLUDE);
    }

    public boolean isExcluded(String integration) {
        return exclude().contains(integration);
    }

    @SuppressWarnings("unchecked")
    public List<String> executorInclude() {
        return (List<String>) values.get(Setting.EXECUTOR_INCLUDE);
    }

    @SuppressWarnings("unchecked")
    public List<String> executorExclude() {
        return (List<String>) values.get(Setting.EXECUTOR_EXCLUDE);
    }

    @SuppressWarnings("unchecked")
    public List<String> listenersKeepOpen() {
        return (List<String>) values.get(Setting.LISTENERS_KEEP_OPEN);
    }
}
