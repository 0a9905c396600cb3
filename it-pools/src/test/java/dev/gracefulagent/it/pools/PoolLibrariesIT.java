package dev.gracefulagent.it.pools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gracefulagent.testbed.support.DataIntegrityScenarios;
import dev.gracefulagent.testbed.support.ServiceProcess;
import dev.gracefulagent.testbed.support.StartedServices;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each pool library under the real agent, in its own JVM, with a real SIGTERM while a transaction holds a
 * borrowed connection: the transaction commits, the connection goes back, and only then the pool closes.
 * Proven by the database content and by the order of the lines on stderr (the application's and the
 * agent's share the stream). Against a fresh H2 file database per test, or the local PostgreSQL with
 * {@code -Dtestbed.postgres=true}.
 */
class PoolLibrariesIT {
    private static final Duration EXIT_WAIT = Duration.ofSeconds(40);

    private final StartedServices services = new StartedServices();
    private final String tag = "run-" + System.nanoTime();
    private final String url = Boolean.getBoolean("testbed.postgres")
            ? DataIntegrityScenarios.postgres().get("DB_URL")
            : "jdbc:h2:" + Paths.get("target", "it-data", tag).toAbsolutePath()
                    + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
    private final String user = Boolean.getBoolean("testbed.postgres") ? "postgres" : "";

    private ServiceProcess.Builder app(String pools) {
        return ServiceProcess.builder(ServiceProcess.testbedJar("it-pools"))
                .env("POOL", pools).env("RUN_TAG", tag).env("DB_URL", url).env("DB_USER", user);
    }

    /** What a run of the application left: its exit code and everything it and the agent wrote on stderr. */
    private record Stopped(int exit, String err) {
    }

    /** Starts the application, sends SIGTERM as soon as its transactions are open, waits for the JVM to end. */
    private Stopped sigtermWhileBorrowed(ServiceProcess.Builder builder) throws Exception {
        ServiceProcess service = services.start(builder);
        service.sigterm();
        int exit = service.awaitExit(EXIT_WAIT);
        return new Stopped(exit, service.stderr().text());
    }

    @AfterEach
    void stopLeftovers() throws InterruptedException {
        services.stopAll();
    }

    private long rows() throws Exception {
        try (Connection c = DriverManager.getConnection(url, user, "");
             PreparedStatement count = c.prepareStatement("SELECT COUNT(*) FROM it_writes WHERE tag = ?")) {
            count.setString(1, tag);
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static int lineOf(String text, String needle) {
        int at = text.indexOf(needle);
        assertTrue(at >= 0, "no '" + needle + "' in\n" + text);
        return at;
    }

    private static int occurrences(String text, String needle) {
        Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private static void assertFinds(String text, String regex) {
        assertTrue(Pattern.compile(regex).matcher(text).find(), "no match for " + regex + " in\n" + text);
    }

    /** Every hook point of the library was found in its real classes and no hook switched itself off. */
    private static void assertHooksHeld(String stderr) {
        assertFalse(stderr.contains("hook points found"), stderr);
        assertFalse(stderr.contains("switched off"), stderr);
        assertFalse(stderr.contains("could not weave"), stderr);
    }

    @ParameterizedTest
    @ValueSource(strings = {"hikari", "dbcp2", "tomcatjdbc", "c3p0"})
    void aConnectionBorrowedAtSigtermCommitsBeforeThePoolCloses(String pool) throws Exception {
        Stopped run = sigtermWhileBorrowed(app(pool).agentArguments("log.level=debug"));
        String err = run.err();

        assertEquals(0, run.exit(), err);
        assertEquals(1, occurrences(err, "found " + pool), err);
        assertFinds(err, "drain: .*\\b1 borrowed connection in flight");
        assertTrue(lineOf(err, "[app] " + pool + ": committed") < lineOf(err, "drain done"), err);
        assertTrue(lineOf(err, "drain done") < lineOf(err, "[graceful] closed " + pool), err);
        assertEquals(1, occurrences(err, "[graceful] closed " + pool), err);
        assertFinds(err, "summary: drained .*\\b1 borrowed connection\\b.*, closed 1 pool,");
        assertHooksHeld(err);
        assertEquals(1, rows(), err);
    }

    /**
     * The application closes its pool in its own shutdown hook, and the JVM runs that hook at once (the signal
     * sent is not the one the agent traps, and the exit-path ordering is off): the close waits for the drain,
     * the transaction commits.
     */
    @ParameterizedTest
    @ValueSource(strings = {"hikari", "dbcp2", "tomcatjdbc", "c3p0"})
    void anApplicationHookClosingThePoolDuringTheDrainDoesNotAbortTheTransaction(String pool) throws Exception {
        Stopped run = sigtermWhileBorrowed(app(pool).env("DB_CLOSE_HOOK", "true").agentArguments("signals=INT,exclude=exit"));
        String err = run.err();

        int deferred = lineOf(err, "closed by the application during the shutdown: deferred");
        assertTrue(deferred < lineOf(err, "[app] " + pool + ": committed"), err);
        assertTrue(lineOf(err, "[app] " + pool + ": committed") < lineOf(err, "[graceful] closed " + pool), err);
        assertFalse(err.contains("write failed"), err);
        assertEquals(1, rows(), err);
    }

    @ParameterizedTest
    @ValueSource(strings = {"hikari", "dbcp2", "tomcatjdbc", "c3p0"})
    void pastTheDeadlineTheReportCountsTheConnectionsStillBorrowed(String pool) throws Exception {
        Stopped run = sigtermWhileBorrowed(app(pool).env("HOLD_MS", "20000").agentArguments("timeout=1s"));
        String err = run.err();

        assertEquals(1, run.exit(), err);
        int heading = lineOf(err, "passed; still running: 1 borrowed connection");
        assertTrue(heading < lineOf(err, "  " + pool + ": "), err);
        if (!pool.equals("c3p0")) {
            lineOf(err, "(pool: 1 active)");
        }
        assertTrue(heading < lineOf(err, "[graceful] closed " + pool), err);
    }

    @ParameterizedTest
    @ValueSource(strings = {"hikari", "dbcp2", "tomcatjdbc", "c3p0"})
    void aPoolTheApplicationClosedBeforeTheSignalIsLeftAlone(String pool) throws Exception {
        ServiceProcess service = services.start(app(pool).env("HOLD_MS", "0").env("CLOSE_AFTER_WRITE", "true"));
        service.stderr().awaitContains("[app] closed a pool", EXIT_WAIT);
        service.sigterm();
        int exit = service.awaitExit(EXIT_WAIT);
        String err = service.stderr().text();

        assertEquals(0, exit, err);
        assertFalse(err.contains("[graceful] closed " + pool), err);
        assertFinds(err, "summary: .*, closed nothing,");
        assertEquals(1, rows(), err);
    }

    @Test
    void aCloseThatFailsIsLoggedTheOtherPoolStillClosesAndTheExitCodeIsOne() throws Exception {
        Stopped run = sigtermWhileBorrowed(app("dbcp2-failing,dbcp2").env("HOLD_MS", "300"));
        String err = run.err();

        assertEquals(1, run.exit(), err);
        assertTrue(lineOf(err, "could not close dbcp2") < lineOf(err, "[graceful] closed dbcp2"), err);
        lineOf(err, "1 pool(s) failed to close");
        assertEquals(2, rows(), err);
    }

    /**
     * No MongoDB server can run here: the clients are real, their connection pools exist, but no connection is
     * ever checked out. What this proves: both driver flavours are found, the checkout hooks weave into the
     * real driver classes, and each client is closed by the agent once, after the drain.
     */
    @Test
    void mongoClientsAreFoundAndClosedOnceAfterTheDrain() throws Exception {
        Stopped run = sigtermWhileBorrowed(app("mongo").env("DB_CLOSE_HOOK", "true").agentArguments("log.level=debug"));
        String err = run.err();

        assertEquals(0, run.exit(), err);
        assertEquals(2, occurrences(err, "found mongo MongoClient"), err);
        assertEquals(2, occurrences(err, "[graceful] closed mongo MongoClient"), err);
        assertTrue(lineOf(err, "drain done") < lineOf(err, "[graceful] closed mongo"), err);
        assertHooksHeld(err);
    }

    /** A transaction keeps the drain going while the application's hook closes the Mongo clients. */
    @Test
    void mongoClientsClosedByAnApplicationHookDuringTheDrainAreClosedByTheAgentAfterIt() throws Exception {
        Stopped run = sigtermWhileBorrowed(app("hikari,mongo").env("DB_CLOSE_HOOK", "true")
                .agentArguments("signals=INT,exclude=exit"));
        String err = run.err();

        assertEquals(3, occurrences(err, "closed by the application during the shutdown: deferred"), err);
        assertTrue(lineOf(err, "[app] hikari: committed") < lineOf(err, "[graceful] closed mongo"), err);
        assertEquals(2, occurrences(err, "[graceful] closed mongo MongoClient"), err);
        assertEquals(1, rows(), err);
    }
}
