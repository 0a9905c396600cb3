package dev.gracefulagent.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** The kinds of values settings take: each parses a raw string or says what it accepts. */
public enum ValueType {
    BOOLEAN("true or false"),
    DURATION("a duration such as 500ms, 20s, 2m, or plain milliseconds"),
    PORT("a TCP port from 0 to 65535, or empty for off"),
    TEXT("any text"),
    LOG_LEVEL("one of error, warn, info, debug"),
    LOG_FORMAT("one of text, json"),
    SIGNALS("a comma-separated list of TERM, INT, HUP, USR1, USR2 (optionally with SIG prefix), or empty"),
    NAME_LIST("a comma-separated list of names"),
    PATTERN_LIST("a comma-separated list of class or thread-name patterns where * matches any characters"
            + " (e.g. com.example.jobs.*, pool-*-thread-*); regular expressions are not accepted"),
    PORT_OR_PATTERN_LIST("a comma-separated list of ports and class patterns where * matches any characters"
            + " (e.g. 9090, com.example.admin.*); regular expressions are not accepted");

    /**
     * The typed value, or null when the raw text is not acceptable. One method rather than a body per constant:
     * every constant with a body of its own is one more class for the JVM to load at start-up.
     */
    Object parse(String raw) {
        switch (this) {
            case BOOLEAN:
                return parseBoolean(raw);
            case DURATION:
                return parseDuration(raw);
            case PORT:
                return parsePort(raw);
            case TEXT:
                return raw.trim();
            case LOG_LEVEL:
                return parseLogLevel(raw);
            case LOG_FORMAT:
                return parseLogFormat(raw);
            case SIGNALS:
                return parseSignals(raw);
            case NAME_LIST:
                return Collections.unmodifiableList(splitList(raw));
            case PATTERN_LIST:
            case PORT_OR_PATTERN_LIST:
                return wildcardPatterns(raw);
            default:
                throw new AssertionError(this);
        }
    }

    private static Object parseBoolean(String raw) {
        String v = raw.trim().toLowerCase(Locale.ROOT);
        if (v.equals("true")) {
            return Boolean.TRUE;
        }
        if (v.equals("false")) {
            return Boolean.FALSE;
        }
        return null;
    }

    private static Object parseDuration(String raw) {
        String v = raw.trim();
        int digits = 0;
        while (digits < v.length() && Character.isDigit(v.charAt(digits))) {
            digits++;
        }
        String unit = v.substring(digits).trim();
        long factor = unit.isEmpty() || unit.equals("ms") ? 1 : unit.equals("s") ? 1000 : unit.equals("m") ? 60_000 : 0;
        if (digits == 0 || digits > 18 || factor == 0) {
            return null;
        }
        long amount = Long.parseLong(v.substring(0, digits));
        return amount > Long.MAX_VALUE / factor ? null : amount * factor;
    }

    private static Object parsePort(String raw) {
        String v = raw.trim();
        if (v.isEmpty()) {
            return -1;
        }
        try {
            int port = Integer.parseInt(v);
            return port >= 0 && port <= 65535 ? port : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Object parseLogLevel(String raw) {
        String v = raw.trim().toLowerCase(Locale.ROOT);
        return Arrays.asList("error", "warn", "info", "debug").contains(v) ? v : null;
    }

    private static Object parseLogFormat(String raw) {
        String v = raw.trim().toLowerCase(Locale.ROOT);
        return v.equals("text") || v.equals("json") ? v : null;
    }

    private static Object parseSignals(String raw) {
        List<String> names = new ArrayList<>();
        for (String item : splitList(raw)) {
            String name = item.toUpperCase(Locale.ROOT);
            if (name.startsWith("SIG")) {
                name = name.substring(3);
            }
            if (!TRAPPABLE_SIGNALS.contains(name)) {
                return null;
            }
            if (!names.contains(name)) {
                names.add(name);
            }
        }
        return Collections.unmodifiableList(names);
    }

    /** The patterns of a list, or null when one of them is a regular expression rather than a wildcard. */
    private static List<String> wildcardPatterns(String raw) {
        List<String> patterns = splitList(raw);
        for (String pattern : patterns) {
            for (int i = 0; i < pattern.length(); i++) {
                if (REGEX_ONLY_CHARACTERS.indexOf(pattern.charAt(i)) >= 0) {
                    return null;
                }
            }
        }
        return Collections.unmodifiableList(patterns);
    }

    /** Characters that appear in regular expressions but in no class name and hardly any thread name. */
    private static final String REGEX_ONLY_CHARACTERS = "[](){}^+?\\|";

    private static final List<String> TRAPPABLE_SIGNALS = Arrays.asList("TERM", "INT", "HUP", "USR1", "USR2");

    private final String accepted;

    ValueType(String accepted) {
        this.accepted = accepted;
    }

    /** What the operator may write, for error lines and the help table. */
    public String accepted() {
        return accepted;
    }

    static List<String> splitList(String raw) {
        List<String> items = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= raw.length(); i++) {
            if (i == raw.length() || raw.charAt(i) == ',' || raw.charAt(i) == ';') {
                String item = raw.substring(start, i).trim();
                if (!item.isEmpty()) {
                    items.add(item);
                }
                start = i + 1;
            }
        }
        return items;
    }
}
