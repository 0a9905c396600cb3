package dev.gracefulagent.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The JSON writer, checked against a real parser (Jackson) with strict settings. */
class JsonLineTest {
    static final ObjectMapper STRICT = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    static final List<String> HOSTILE = List.of(
            "GET /work\"quoted\"",
            "GET /a\\b\\\\c\\u0041",
            "GET /line\nbreak\r\nCRLF",
            "GET /nul\u0000byte",
            "tab\tbell\u0007backspace\bformfeed\fescape\u001bunit\u001fdel\u007f",
            "GET /caf\u00e9/\u65e5\u672c/\ud83d\ude00/\ud83c\udff3\ufe0f\u200d\ud83c\udf08",
            "line\u2028separator\u2029paragraph\u0085next-line",
            "\"}, \"event\": \"summary\", \"exitCode\": 0, \"x\": {\"",
            "</script><script>alert(1)</script>",
            "",
            "{\"nested\":[1,2,{\"a\":\"b\"}]}");

    private static JsonNode parse(String line) throws Exception {
        assertTrue(line.chars().allMatch(c -> c >= 0x20 && c < 0x7f), "printable ASCII only, one line: " + line);
        return STRICT.readTree(line);
    }

    private static String written(String value) {
        return new JsonLine(0, "info", "log").field("value", value).toString();
    }

    @Test
    void everyHostileStringComesBackUnchanged() throws Exception {
        for (String hostile : HOSTILE) {
            JsonNode node = parse(written(hostile));
            assertEquals(hostile, node.get("value").textValue(), written(hostile));
            assertEquals(5, node.size(), "no field injected by " + hostile);
        }
    }

    @Test
    void everyCharacterThatIsNotASurrogateComesBackUnchanged() throws Exception {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < Character.MIN_SURROGATE; c++) {
            all.append(c);
        }
        for (char c = Character.MAX_SURROGATE + 1; c != 0; c++) {
            all.append(c);
        }
        assertEquals(all.toString(), parse(written(all.toString())).get("value").textValue());
    }

    @Test
    void shortEscapesForTheCommonControlCharactersAndUnicodeEscapesForTheRest() {
        assertEquals("\"\\\"\\\\\\n\\r\\t\\b\\f\\u0000\\u001f\\u007f\\u00e9\\u2028\\ud83d\\ude00\"",
                quoted("\"\\\n\r\t\b\f\u0000\u001f\u007f\u00e9\u2028\ud83d\ude00"));
        assertEquals("\"/work?a=1&b=<2>'\"", quoted("/work?a=1&b=<2>'"));
        assertEquals("null", quoted(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\ud800", "\udfff", "a\ud83dz", "a\ude00z", "\ude00\ud83d", "end\ud83d"})
    void loneSurrogatesBecomeTheReplacementCharacter(String broken) throws Exception {
        String expected = broken.replaceAll("[\\ud800-\\udfff]", "\ufffd");
        assertEquals(expected, parse(written(broken)).get("value").textValue());
    }

    private static String quoted(String value) {
        StringBuilder out = new StringBuilder();
        JsonLine.string(out, value);
        return out.toString();
    }

    @Test
    void everyLineStartsWithTheCommonFieldsAndHoldsTypedValues() throws Exception {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("requests", 20L);
        counts.put("tasks \"odd\"", 2L);
        String line = new JsonLine(1_764_418_512_345L, "warn", "summary")
                .field("text", "a").field("number", -7).field("flag", true).field("missing", (String) null)
                .field("frames", List.of("at a.B.c(B.java:1)", "x\ny")).field("none", List.<String>of())
                .counts("drained", counts).counts("nothing", Map.of()).toString();
        assertTrue(line.startsWith("{\"ts\":\"2025-11-29T12:15:12.345Z\",\"level\":\"warn\",\"source\":\"graceful-agent\","
                + "\"event\":\"summary\","), line);
        JsonNode node = parse(line);
        assertEquals(-7, node.get("number").longValue());
        assertTrue(node.get("flag").booleanValue());
        assertTrue(node.get("missing").isNull());
        assertEquals("x\ny", node.get("frames").get(1).textValue());
        assertEquals(0, node.get("none").size());
        assertEquals(2, node.get("drained").get("tasks \"odd\"").longValue());
        assertEquals(20, node.get("drained").get("requests").longValue());
        assertEquals(0, node.get("nothing").size());
    }

    @Test
    void timestampsAreIso8601UtcWithMilliseconds() {
        DateTimeFormatter iso = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
        long[] edges = {0, -1, 951_782_400_000L, 951_868_799_999L, 1_709_164_800_000L, 4_107_542_400_000L,
                253_402_300_799_999L, Instant.parse("2026-11-29T12:15:12.005Z").toEpochMilli()};
        Random random = new Random(19);
        for (int i = 0; i < 100_000 + edges.length; i++) {
            long millis = i < edges.length ? edges[i] : (long) (random.nextDouble() * 253_402_300_799_999L);
            StringBuilder out = new StringBuilder();
            UtcTimestamp.append(out, millis);
            assertEquals(iso.format(Instant.ofEpochMilli(millis)), out.toString());
        }
    }
}
