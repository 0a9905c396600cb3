package dev.gracefulagent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigTest {
    private static final List<String> INTEGRATIONS = List.of("jetty", "tomcat", "mongo");

    private static Config fromArgs(String args) {
        return Config.parse(args, new Properties(), Map.of(), INTEGRATIONS);
    }

    private static Config fromProperty(String key, String value) {
        Properties p = new Properties();
        p.setProperty(key, value);
        return Config.parse(null, p, Map.of(), INTEGRATIONS);
    }

    private static String errorFor(String key, String value) {
        return assertThrows(ConfigException.class, () -> fromProperty(key, value)).getMessage();
    }

    @Test
    void defaults() {
        Config c = fromArgs(null);
        assertTrue(c.enabled());
        assertEquals(30_000, c.timeoutMillis());
        assertEquals(0, c.preStopDelayMillis());
        assertEquals(List.of("TERM", "INT"), c.signals());
        assertEquals("info", c.logLevel());
        assertEquals(-1, c.healthPort());
        assertEquals("0.0.0.0", c.healthBind());
        assertEquals(List.of(), c.exclude());
    }

    @ParameterizedTest
    @CsvSource({"500ms,500", "20s,20000", "2m,120000", "1500,1500", " 3s ,3000"})
    void durationsAcceptTheirForms(String text, long millis) {
        assertEquals(millis, fromProperty("graceful.timeout", text).timeoutMillis());
    }

    @ParameterizedTest
    @ValueSource(strings = {"banana", "", "-1s", "1.5s", "20h", "s", "99999999999999999999"})
    void malformedDurationsNameTheSettingAndWhatIsAccepted(String text) {
        String message = errorFor("graceful.timeout", text);
        assertTrue(message.startsWith("graceful.timeout: '" + text + "'"), message);
        assertTrue(message.contains("500ms, 20s, 2m"), message);
        assertFalse(message.contains("\n"), "one line: " + message);
    }

    @Test
    void aZeroTimeoutIsRefused() {
        assertTrue(errorFor("graceful.timeout", "0").startsWith("graceful.timeout: 0 leaves no time"));
    }

    @Test
    void idleGraceIsADurationOfOneSecondByDefault() {
        assertEquals(1000, fromArgs(null).idleGraceMillis());
        assertEquals(0, fromArgs("idleGrace=0").idleGraceMillis());
        assertEquals(500, fromArgs("idleGrace=500ms").idleGraceMillis());
        assertTrue(errorFor("graceful.idleGrace", "soon").startsWith("graceful.idleGrace: 'soon'"));
    }

    @Test
    void preStopDelayIsADurationShorterThanTheTimeout() {
        assertEquals(3000, fromArgs("preStopDelay=3s").preStopDelayMillis());
        assertTrue(errorFor("graceful.preStopDelay", "soon").startsWith("graceful.preStopDelay: 'soon'"));
        String message = assertThrows(ConfigException.class, () -> fromArgs("timeout=5s,preStopDelay=5s")).getMessage();
        assertTrue(message.contains("graceful.preStopDelay") && message.contains("graceful.timeout"), message);
    }

    @Test
    void enabledIsABoolean() {
        assertFalse(fromProperty("graceful.enabled", "false").enabled());
        assertTrue(fromProperty("graceful.enabled", "TRUE").enabled());
        assertTrue(errorFor("graceful.enabled", "yes").contains("true or false"));
    }

    @Test
    void jmxIsABooleanOffByDefault() {
        assertFalse(fromArgs(null).jmx());
        assertTrue(fromArgs("jmx=true").jmx());
        assertTrue(errorFor("graceful.jmx", "on").startsWith("graceful.jmx: 'on'"));
    }

    @Test
    void signalsAreTrappableNamesWithOrWithoutPrefix() {
        assertEquals(List.of("TERM", "HUP"), fromArgs("signals=SIGTERM;hup").signals());
        assertEquals(List.of("TERM", "INT"), fromArgs("signals=TERM,INT").signals());
        assertEquals(List.of(), fromProperty("graceful.signals", "").signals());
        assertTrue(errorFor("graceful.signals", "TERM,KILL").startsWith("graceful.signals: 'TERM,KILL'"));
    }

    @Test
    void logLevelIsOneOfFour() {
        assertEquals("debug", fromProperty("graceful.log.level", "DEBUG").logLevel());
        assertTrue(errorFor("graceful.log.level", "trace").contains("error, warn, info, debug"));
    }

    @Test
    void logFormatIsTextByDefaultOrJsonFromEverySource() {
        assertEquals("text", fromArgs(null).logFormat());
        assertEquals("json", fromArgs("log.format=json").logFormat());
        assertEquals("json", fromProperty("graceful.log.format", "JSON").logFormat());
        assertEquals("json", Config.parse(null, new Properties(), Map.of("GRACEFUL_LOG_FORMAT", "json"), INTEGRATIONS)
                .logFormat());
        assertEquals("text", fromArgs("log.format=text").logFormat());
    }

    @Test
    void theRequestedLogFormatIsKnownEvenWhenAnotherSettingIsMalformed() {
        Properties bad = new Properties();
        bad.setProperty("graceful.timeout", "banana");
        assertThrows(ConfigException.class, () -> Config.parse("log.format=json", bad, Map.of(), INTEGRATIONS));
        assertEquals("json", Config.requestedLogFormat("timeout=banana,log.format=json", bad, Map.of()));
        assertEquals("json", Config.requestedLogFormat("unknown=1", bad, Map.of("GRACEFUL_LOG_FORMAT", "JSON")));
        bad.setProperty("graceful.log.format", "json");
        assertEquals("json", Config.requestedLogFormat(null, bad, Map.of("GRACEFUL_LOG_FORMAT", "text")));
        assertEquals("text", Config.requestedLogFormat("graceful.log.format=text", bad, Map.of()));
        assertEquals("text", Config.requestedLogFormat("log.format=yaml", new Properties(), Map.of()));
        assertEquals("text", Config.requestedLogFormat(null, new Properties(), Map.of()));
    }

    @Test
    void aBadLogFormatIsOneLineNamingTheSettingAndWhatIsAccepted() {
        assertEquals("graceful.log.format: 'logfmt' is not accepted; expected one of text, json",
                errorFor("graceful.log.format", "logfmt"));
        String fromEnvironment = assertThrows(ConfigException.class, () -> Config.parse(null, new Properties(),
                Map.of("GRACEFUL_LOG_FORMAT", "yaml"), INTEGRATIONS)).getMessage();
        assertEquals("GRACEFUL_LOG_FORMAT: 'yaml' is not accepted; expected one of text, json", fromEnvironment);
    }

    @Test
    void healthPortIsAPortOrEmpty() {
        assertEquals(8558, fromProperty("graceful.health.port", "8558").healthPort());
        assertEquals(-1, fromProperty("graceful.health.port", "").healthPort());
        assertTrue(errorFor("graceful.health.port", "70000").contains("0 to 65535"));
        assertTrue(errorFor("graceful.health.port", "http").startsWith("graceful.health.port: 'http'"));
        assertEquals("127.0.0.1", fromProperty("graceful.health.bind", "127.0.0.1").healthBind());
    }

    @Test
    void excludeAcceptsKnownIntegrationsOnly() {
        assertEquals(List.of("mongo", "tomcat"), fromArgs("exclude=mongo,tomcat").exclude());
        assertTrue(fromArgs("exclude=mongo").isExcluded("mongo"));
        String message = errorFor("graceful.exclude", "mongo,c3po");
        assertTrue(message.contains("unknown integration 'c3po'") && message.contains("jetty, tomcat, mongo"), message);
    }

    @Test
    void agentArgumentsWinOverPropertiesWhichWinOverEnvironment() {
        Properties p = new Properties();
        p.setProperty("graceful.timeout", "20s");
        Map<String, String> env = Map.of("GRACEFUL_TIMEOUT", "10s", "GRACEFUL_PRE_STOP_DELAY", "2s");
        assertEquals(5000, Config.parse("timeout=5s", p, env, INTEGRATIONS).timeoutMillis());
        assertEquals(20_000, Config.parse(null, p, env, INTEGRATIONS).timeoutMillis());
        assertEquals(10_000, Config.parse(null, new Properties(), env, INTEGRATIONS).timeoutMillis());
        assertEquals(2000, Config.parse(null, new Properties(), env, INTEGRATIONS).preStopDelayMillis());
    }

    @Test
    void environmentErrorsNameTheVariable() {
        String message = assertThrows(ConfigException.class,
                () -> Config.parse(null, new Properties(), Map.of("GRACEFUL_TIMEOUT", "x"), INTEGRATIONS)).getMessage();
        assertTrue(message.startsWith("GRACEFUL_TIMEOUT: 'x'"), message);
    }

    @Test
    void unknownNamesAreRefusedExceptForeignEnvironmentVariables() {
        String arg = assertThrows(ConfigException.class, () -> fromArgs("timout=5s")).getMessage();
        assertTrue(arg.contains("'timout=5s'") && arg.contains("timeout, preStopDelay"), arg);
        String prop = errorFor("graceful.timout", "5s");
        assertTrue(prop.contains("unknown setting graceful.timout") && prop.contains("graceful.timeout"), prop);
        Config c = Config.parse(null, new Properties(), Map.of("GRACEFUL_SOMETHING_ELSE", "1"), INTEGRATIONS);
        assertEquals(1, c.warnings().size());
        assertTrue(c.warnings().get(0).contains("GRACEFUL_SOMETHING_ELSE"));
    }

    @Test
    void agentArgumentsTakeFullPropertyNamesAndListsAfterCommas() {
        Config c = fromArgs("graceful.timeout=20s,exclude=mongo,tomcat,preStopDelay=1s");
        assertEquals(20_000, c.timeoutMillis());
        assertEquals(List.of("mongo", "tomcat"), c.exclude());
        assertEquals(1000, c.preStopDelayMillis());
    }

    @Test
    void environmentNamesFollowTheSettingNames() {
        assertEquals("GRACEFUL_PRE_STOP_DELAY", Setting.PRE_STOP_DELAY.environmentVariable());
        assertEquals("GRACEFUL_LOG_LEVEL", Setting.LOG_LEVEL.environmentVariable());
        assertEquals("GRACEFUL_HEALTH_PORT", Setting.HEALTH_PORT.environmentVariable());
    }

    @Test
    void executorPatternsAreGlobLists() {
        Config c = fromArgs("executor.include=com.example.jobs.*,pool-*-thread-*,executor.exclude=Quartz Scheduler*");
        assertEquals(List.of("com.example.jobs.*", "pool-*-thread-*"), c.executorInclude());
        assertEquals(List.of("Quartz Scheduler*"), c.executorExclude());
        assertEquals(List.of(), fromArgs(null).executorInclude());
        assertEquals(List.of("a.B$Inner", "c.*"),
                Config.parse(null, new Properties(), Map.of("GRACEFUL_EXECUTOR_EXCLUDE", "a.B$Inner; c.*"), INTEGRATIONS)
                        .executorExclude());
    }

    @ParameterizedTest
    @ValueSource(strings = {"com\\.example\\..*", "pool-[0-9]+", "(jobs|batch)", "^Timer"})
    void regularExpressionsAreRefusedAsExecutorPatterns(String text) {
        String message = errorFor("graceful.executor.exclude", text);
        assertTrue(message.startsWith("graceful.executor.exclude: '" + text + "'"), message);
        assertTrue(message.contains("* matches any characters"), message);
        assertFalse(message.contains("\n"), "one line: " + message);
    }
}
