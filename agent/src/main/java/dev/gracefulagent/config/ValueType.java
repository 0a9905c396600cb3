package dev.gracefulagent.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The kinds of values settings take: each parses a raw string or says what it accepts. */
public enum ValueType {
    BOOLEAN("true or false") {
        @Override
        Object parse(String raw) {
            String v = raw.trim().toLowerCase(Locale.ROOT);
            if (v.equals("true")) {
                return Boolean.TRUE;
            }
            if (v.equals("false")) {
                return Boolean.FALSE;
            }
            return null;
        }
    },
    DURATION("a duration such as 500ms, 20s, 2m, or plain milliseconds") {
        @Override
        Object parse(String raw) {
            Matcher m = DURATION_PATTERN.matcher(raw.trim());
            if (!m.matches()) {
                return null;
            }
            long amount;
            try {
                amount = Long.parseLong(m.group(1));
            } catch (NumberFormatException tooLong) {
                return null;
            }
            String unit = m.group(2);
            long factor = unit == null || unit.equals("ms") ? 1 : unit.equals("s") ? 1000 : 60_000;
            if (amount > Long.MAX_VALUE / factor) {
                return null;
            }
            return amount * factor;
        }
    },
    PORT("a TCP port from 0 to 65535, or empty for off") {
        @Override
        Object parse(String raw) {
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
    },
    TEXT("any text") {
        @Override
        Object parse(String raw) {
            return raw.trim();
        }
    },
    LOG_LEVEL("one of error, warn, info, debug") {
        @Override
        Object parse(String raw) {
            String v = raw.trim().toLowerCase(Locale.ROOT);
            return Arrays.asList("error", "warn", "info", "debug").contains(v) ? v : null;
        }
    },
    SIGNALS("a comma-separated list of TERM, INT, HUP, USR1, USR2 (optionally with SIG prefix), or empty") {
        @Override
        Object parse(String raw) {
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
    },
    NAME_LIST("a comma-separated list of names") {
        @Override
        Object parse(String raw) {
            return Collections.unmodifiableList(splitList(raw));
        }
    };

    private static final Pattern DURATION_PATTERN = Pattern.compile("(\\d{1,18})\\s*(ms|s|m)?");
    private static final List<String> TRAPPABLE_SIGNALS = Arrays.asList("TERM", "INT", "HUP", "USR1", "USR2");

    private final String accepted;

    ValueType(String accepted) {
        this.accepted = accepted;
    }

    /** What the operator may write, for error lines and the help table. */
    public String accepted() {
        return accepted;
    }

    /** The typed value, or null when the raw text is not acceptable. */
    abstract Object parse(String raw);

    static List<String> splitList(String raw) {
        List<String> items = new ArrayList<>();
        for (String item : raw.split("[,;]")) {
            String trimmed = item.trim();
            if (!trimmed.isEmpty()) {
                items.add(trimmed);
            }
        }
        return items;
    }
}
