package dev.gracefulagent.log;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.event.Level;

/**
 * One JSON object on one line, written without a JSON library so the agent stays small. The output is pure
 * ASCII whatever the platform's charset: quotes, backslashes and control characters are escaped (the short forms
 * for newline, return, tab, backspace and form feed, else a six-character unicode escape), and so is every
 * character outside printable ASCII (an e with acute accent as backslash-u00e9, an emoji as its two escaped
 * UTF-16 surrogates). A lone surrogate, which no UTF-8 text can carry, becomes the escaped replacement character
 * U+FFFD, so strict parsers accept every line.
 */
final class JsonLine {
    static final String SOURCE = "graceful-agent";
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final StringBuilder out = new StringBuilder(256);

    /** Starts an object with the fields every line carries, in this order: ts, level, source, event. */
    JsonLine(long epochMillis, String level, String event) {
        out.append("{\"ts\":\"");
        UtcTimestamp.append(out, epochMillis);
        out.append('"');
        field("level", level);
        field("source", SOURCE);
        field("event", event);
    }

    /** An event happening now, at {@code level} (written in lower case, as graceful.log.level takes it). */
    static JsonLine now(Level level, String event) {
        return new JsonLine(System.currentTimeMillis(), level.name().toLowerCase(Locale.ROOT), event);
    }

    /** A string field; null is written as JSON null. */
    JsonLine field(String name, String value) {
        name(name);
        string(out, value);
        return this;
    }

    JsonLine field(String name, long value) {
        name(name);
        out.append(value);
        return this;
    }

    JsonLine field(String name, boolean value) {
        name(name);
        out.append(value);
        return this;
    }

    /** An array of strings. */
    JsonLine field(String name, List<String> values) {
        name(name);
        out.append('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            string(out, values.get(i));
        }
        out.append(']');
        return this;
    }

    /** An object of numbers, e.g. counts by kind of work: {"requests":20,"tasks":2}. */
    JsonLine counts(String name, Map<String, ? extends Number> counts) {
        name(name);
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, ? extends Number> e : counts.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            string(out, e.getKey());
            out.append(':').append(e.getValue().longValue());
        }
        out.append('}');
        return this;
    }

    /** The finished line. */
    @Override
    public String toString() {
        return out + "}";
    }

    private void name(String name) {
        out.append(',');
        string(out, name);
        out.append(':');
    }

    static void string(StringBuilder out, String s) {
        if (s == null) {
            out.append("null");
            return;
        }
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"':
                    out.append("\\\"");
                    break;
                case '\\':
                    out.append("\\\\");
                    break;
                case '\n':
                    out.append("\\n");
                    break;
                case '\r':
                    out.append("\\r");
                    break;
                case '\t':
                    out.append("\\t");
                    break;
                case '\b':
                    out.append("\\b");
                    break;
                case '\f':
                    out.append("\\f");
                    break;
                default:
                    if (c >= 0x20 && c < 0x7f) {
                        out.append(c);
                    } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1))) {
                        unicodeEscape(out, c);
                        unicodeEscape(out, s.charAt(++i));
                    } else {
                        unicodeEscape(out, Character.isSurrogate(c) ? '\ufffd' : c);
                    }
            }
        }
        out.append('"');
    }

    private static void unicodeEscape(StringBuilder out, char c) {
        out.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf]).append(HEX[c >> 4 & 0xf])
                .append(HEX[c & 0xf]);
    }
}
