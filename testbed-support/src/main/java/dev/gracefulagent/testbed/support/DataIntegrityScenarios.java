package dev.gracefulagent.testbed.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * No transaction lost, end to end: a steady load of {@code POST /db/write?ms=200} (insert, hold the
 * transaction open, commit) runs against the testbed, a real SIGTERM arrives mid-load, and a second run of
 * the service against the same database counts the rows. Every write a client saw acknowledged is stored,
 * and no client saw a write broken by a pool closed under it. Each testbed module extends this with its jar;
 * {@link #database} selects the database (a fresh H2 file database per test, or PostgreSQL).
 */
public abstract class DataIntegrityScenarios {
    protected static final int HOLD_MS = 200;
    private static final int CLIENTS = 12;
    private static final long LOAD_LIMIT_MS = 30_000;
    private static final Duration EXIT_WAIT = Duration.ofSeconds(40);

    private final StartedServices services = new StartedServices();

    /** The testbed jar under test. */
    protected abstract Path testbedJar();

    /** The environment selecting the database; every run within one test shares it. */
    protected Map<String, String> database(String testName) {
        return freshH2(testName);
    }

    /** A new embedded H2 file database under target/it-data, as the testbeds' environment selects it. */
    public static Map<String, String> freshH2(String name) {
        Path file = Paths.get("target", "it-data", name + "-" + System.nanoTime()).toAbsolutePath();
        return Map.of("DB_URL", "jdbc:h2:" + file + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0");
    }

    /** The PostgreSQL on this machine (user postgres, trust authentication); URL from testbed.postgres.url. */
    public static Map<String, String> postgres() {
        return Map.of("DB_URL", System.getProperty("testbed.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test"),
                "DB_USER", "postgres");
    }

    private ServiceProcess.Builder testbed(Map<String, String> db) {
        ServiceProcess.Builder builder = ServiceProcess.builder(testbedJar());
        db.forEach(builder::env);
        return builder;
    }

    private ServiceProcess start(ServiceProcess.Builder builder) throws Exception {
        return services.start(builder);
    }

    @AfterEach
    void stopLeftovers() throws InterruptedException {
        services.stopAll();
    }

    private long rowCount(Map<String, String> db) throws Exception {
        ServiceProcess service = start(testbed(db));
        RawHttp.Response count = RawHttp.get(service.port(), "/db/count");
        assertEquals(200, count.status(), count + "\n" + service.stderr().text());
        service.sigterm();
        service.awaitExit(EXIT_WAIT);
        return Long.parseLong(count.body().trim());
    }

    /** Runs the load against a started service, signals SIGTERM once it is steady; the outcomes and exit code. */
    private Run loadAndTerminate(ServiceProcess service) throws Exception {
        WriteLoad load = WriteLoad.start(service.port(), CLIENTS, HOLD_MS, LOAD_LIMIT_MS, 2 * CLIENTS);
        service.sigterm();
        int exit = service.awaitExit(EXIT_WAIT);
        return new Run(load.finish(), exit, service.stderr().text());
    }

    private record Run(List<WriteLoad.Outcome> outcomes, int exit, String stderr) {
        long acknowledged() {
            return outcomes.stream().filter(WriteLoad.Outcome::acknowledged).count();
        }

        /** "49 writes: 37 acknowledged, 0 answered 503, 12 refused, 0 unanswered, 0 server errors". */
        String summary() {
            return outcomes.size() + " writes: " + acknowledged() + " acknowledged, "
                    + count(o -> o.status() == 503) + " answered 503, " + count(WriteLoad.Outcome::refused)
                    + " refused, " + count(WriteLoad.Outcome::unanswered) + " unanswered, "
                    + count(WriteLoad.Outcome::serverError) + " server errors";
        }

        long count(Predicate<WriteLoad.Outcome> which) {
            return outcomes.stream().filter(which).count();
        }

        List<WriteLoad.Outcome> serverErrors() {
            return outcomes.stream().filter(WriteLoad.Outcome::serverError).toList();
        }
    }

    /**
     * Every acknowledged write is stored and none hit a server error. A connection the service closes before
     * reading its request (the HTTP/1.1 race when the listener shuts) carries no write; the row count shows it.
     */
    private void assertNothingLost(Map<String, String> db, long before, Run run) throws Exception {
        assertTrue(run.serverErrors().isEmpty(), "server errors: " + run.serverErrors() + "\n" + run.stderr());
        long stored = rowCount(db) - before;
        System.out.println(run.summary() + "; " + stored + " rows stored");
        assertEquals(run.acknowledged(), stored, "rows stored vs writes acknowledged\n" + run.stderr());
    }

    @Test
    void everyAcknowledgedWriteIsStoredAfterSigterm() throws Exception {
        Map<String, String> db = database("sigterm");
        long before = rowCount(db);
        Run run = loadAndTerminate(start(testbed(db)));

        assertEquals(0, run.exit(), run.stderr());
        assertNothingLost(db, before, run);
        assertTrue(Summaries.drainedRequests(List.of(run.stderr().split("\n"))) > 0,
                "the signal must have caught writes in flight\n" + run.stderr());
        assertTrue(run.stderr().indexOf("drain done") < run.stderr().indexOf("closed hikari"),
                "the pool must close after the drain\n" + run.stderr());
    }

    /**
     * The signal the agent traps is not the one sent (as when the agent's trap is not in use) and the exit-path
     * ordering is switched off, so the JVM runs the application's hooks beside the drain: the application's hook
     * closes the pool while the writes are still running, and the agent defers that close until the drain is over.
     */
    @Test
    void aPoolClosedByAnApplicationHookDuringTheDrainLosesNoWrite() throws Exception {
        Map<String, String> db = database("hook");
        long before = rowCount(db);
        ServiceProcess service = start(testbed(db).agentArguments("signals=INT,exclude=exit")
                .env("DB_CLOSE_HOOK", "true"));
        Run run = loadAndTerminate(service);

        assertNothingLost(db, before, run);
        assertTrue(run.stderr().contains("closed by the application during the shutdown: deferred"), run.stderr());
    }

    @Test
    void withoutTheAgentWritesInFlightAreLost() throws Exception {
        Map<String, String> db = database("baseline");
        // measured once per testbed, on its embedded database: the server's own loss does not depend on it
        assumeFalse(db.get("DB_URL").equals(postgres().get("DB_URL")), "baseline measured on the embedded database");
        long before = rowCount(db);
        ServiceProcess service = start(testbed(db).withoutAgent().env("DB_CLOSE_HOOK", "true"));
        Run run = loadAndTerminate(service);

        long stored = rowCount(db) - before;
        System.out.println("without the agent: " + run.summary() + "; " + stored + " rows stored");
        assertTrue(run.count(o -> o.unanswered() || o.serverError()) > 0,
                "without the agent, the writes in flight at SIGTERM fail: " + run.outcomes());
        Baselines.assertEndedAsKilled(run.exit(), "data-integrity run");
    }
}
