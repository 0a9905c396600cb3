import dev.gracefulagent.testbed.support.RawHttp;
import dev.gracefulagent.testbed.support.ServiceProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Rolling restarts under load: two instances of a testbed behind HAProxy or nginx, a steady mixed load from wrk,
 * and `rounds` rolling restarts (SIGTERM one instance, wait for its exit, start it again, then the other).
 * Prints client-visible errors and lost writes (acknowledged writes minus rows in the database).
 * Usage: java -cp testbed-support/target/classes bench/rolling/RollingRestart.java
 *            <testbed jar> <agent jar | none> <rounds> <jdbc url of an empty database> [db user]
 * Environment: PROXY=haproxy (default, RETRY_ON its retry-on policy) or nginx (NGINX_MAX_FAILS=0 for the README's
 * second recipe); WRITE_MS, how long each write holds its transaction (default 20).
 */
public class RollingRestart {
    private static final String[] SERVERS = {"a", "b"};
    /**
     * nginx's default fail_timeout (10 s) and a second more: an instance that refused a connection while it
     * restarted is taken out of rotation for that long, and the next one must not stop before it is back.
     */
    private static final int NGINX_PAUSE_SECONDS = 11;

    public static void main(String[] args) throws Exception {
        Path testbed = Path.of(args[0]).toAbsolutePath();
        boolean withAgent = !args[1].equals("none");
        if (withAgent) {
            System.setProperty("agent.jar", Path.of(args[1]).toAbsolutePath().toString());
        }
        int rounds = Integer.parseInt(args[2]);
        String dbUrl = args[3];
        String dbUser = args.length > 4 ? args[4] : "";
        Path work = Files.createTempDirectory("rolling");
        int[] ports = {ServiceProcess.freePort(), ServiceProcess.freePort()};
        int front = ServiceProcess.freePort();
        int stats = ServiceProcess.freePort();

        List<ServiceProcess> instances = new ArrayList<>();
        for (int port : ports) {
            instances.add(launch(testbed, withAgent, port, dbUrl, dbUser));
        }
        boolean nginx = System.getenv().getOrDefault("PROXY", "haproxy").equals("nginx");
        boolean nginxMaxFailsOff = "0".equals(System.getenv("NGINX_MAX_FAILS"));
        Process proxy = nginx ? startNginx(work, front, ports, nginxMaxFailsOff) : startHaproxy(work, front, stats, ports);
        awaitAnswer(front);
        if (!nginx) {
            // on a loaded machine the first health checks of fresh JVMs can time out: load starts once both are in
            for (String server : SERVERS) {
                awaitInRotation(stats, server);
            }
        }

        Path ackedIds = work.resolve("acked-ids");
        // runs until interrupted once the restarts are over
        ProcessBuilder wrkCommand = new ProcessBuilder("wrk", "-t2", "-c16", "-d1h", "--timeout", "30s",
                "-s", "bench/rolling/mixed.lua", "http://127.0.0.1:" + front).redirectErrorStream(true);
        wrkCommand.environment().put("ACKED_IDS_FILE", ackedIds.toString());
        Process wrk = wrkCommand.start();
        TimeUnit.SECONDS.sleep(2);
        int badExits = 0;
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < 2; i++) {
                ServiceProcess old = instances.get(i);
                old.sigterm();
                int exit = old.awaitExit(Duration.ofSeconds(60));
                if (exit != 0) {
                    badExits++;
                }
                instances.set(i, launch(testbed, withAgent, ports[i], dbUrl, dbUser));
                // or the next SIGTERM would leave no instance up
                if (nginx) {
                    awaitAnswer(ports[i]);
                    TimeUnit.SECONDS.sleep(nginxMaxFailsOff ? 0 : NGINX_PAUSE_SECONDS);
                } else {
                    awaitInRotation(stats, SERVERS[i]);
                }
            }
        }
        TimeUnit.SECONDS.sleep(2);
        new ProcessBuilder("kill", "-INT", Long.toString(wrk.pid())).start().waitFor();
        String wrkOutput = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        wrk.waitFor();
        long rows = Long.parseLong(RawHttp.get(ports[0], "/db/count").body().trim());
        long lost = lostWrites(ackedIds, dbUrl, dbUser);
        proxy.destroy();
        proxy.waitFor();
        for (ServiceProcess instance : instances) {
            instance.sigterm();
            instance.awaitExit(Duration.ofSeconds(60));
        }
        String result = wrkOutput.lines().filter(l -> l.startsWith("RESULT")).findFirst()
                .orElseThrow(() -> new IllegalStateException("wrk printed no RESULT:\n" + wrkOutput));
        long writesOk = field(result, "writes_ok");
        long errors = field(result, "bad_status") + field(result, "connect_errors") + field(result, "read_errors")
                + field(result, "write_errors") + field(result, "timeouts");
        String setup = !nginx ? "haproxy retry-on=[" + System.getenv().getOrDefault("RETRY_ON", "conn-failure 503") + "]"
                : nginxMaxFailsOff ? "nginx max_fails=0, no pause" : "nginx defaults, " + NGINX_PAUSE_SECONDS + " s pause";
        System.out.printf("%s agent=%s proxy=[%s] rounds=%d requests_ok=%d errors=%d writes_acknowledged=%d"
                        + " rows=%d lost_writes=%d non_zero_exits=%d%n  wrk: %s%n", testbed.getFileName(),
                withAgent ? "yes" : "no", setup, rounds,
                field(result, "reads_ok") + writesOk, errors, writesOk, rows, lost, badExits, result);
    }

    /**
     * Acknowledged writes whose row is missing. Rows without an acknowledgement are not lost: wrk drops the
     * answers still in flight when its run ends.
     */
    private static long lostWrites(Path ackedIds, String dbUrl, String dbUser) throws Exception {
        String database = dbUrl.substring(dbUrl.lastIndexOf('/') + 1);
        Process psql = new ProcessBuilder("psql", "-h", "127.0.0.1", "-U", dbUser.isEmpty() ? "postgres" : dbUser,
                "-d", database, "-tAc", "SELECT id FROM writes").start();
        java.util.Set<String> stored = new java.util.HashSet<>(
                List.of(new String(psql.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\\s+")));
        psql.waitFor();
        return Files.readAllLines(ackedIds).stream().filter(id -> !id.isBlank() && !stored.contains(id.trim()))
                .count();
    }

    private static Process startHaproxy(Path work, int front, int stats, int[] ports) throws IOException {
        Path config = work.resolve("haproxy.cfg");
        Files.writeString(config, Files.readString(Path.of("bench/rolling/haproxy.cfg.template"))
                .replace("@FRONT@", Integer.toString(front))
                .replace("@STATS@", Integer.toString(stats))
                .replace("@PORT_A@", Integer.toString(ports[0]))
                .replace("@PORT_B@", Integer.toString(ports[1]))
                .replace("@RETRY_ON@", System.getenv().getOrDefault("RETRY_ON", "conn-failure 503")));
        return new ProcessBuilder("haproxy", "-db", "-f", config.toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("haproxy.log").toFile()).start();
    }

    /** nginx in the foreground with its prefix (logs, pid) in {@code work}. */
    private static Process startNginx(Path work, int front, int[] ports, boolean maxFailsOff) throws IOException {
        Files.createDirectories(work.resolve("logs"));
        Path config = work.resolve("nginx.conf");
        String server = maxFailsOff ? " max_fails=0;" : ";";
        Files.writeString(config, Files.readString(Path.of("bench/rolling/nginx.conf.template"))
                .replace("@FRONT@", Integer.toString(front))
                .replace("@PORT_A@;", ports[0] + server)
                .replace("@PORT_B@;", ports[1] + server)
                .replace("@PREFIX@", work.toString()));
        return new ProcessBuilder("nginx", "-p", work.toString(), "-c", config.toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("nginx.log").toFile()).start();
    }

    private static ServiceProcess launch(Path testbed, boolean withAgent, int port, String dbUrl, String dbUser)
            throws IOException, InterruptedException {
        ServiceProcess.Builder builder = ServiceProcess.builder(testbed).port(port).env("DB_URL", dbUrl);
        if (!dbUser.isEmpty()) {
            builder.env("DB_USER", dbUser);
        }
        return (withAgent ? builder : builder.withoutAgent()).start();
    }

    private static void awaitAnswer(int port) throws InterruptedException {
        for (int i = 0; i < 200 && RawHttp.get(port, "/work?ms=0").status() != 200; i++) {
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    /** Waits until HAProxy's stats page shows the server UP (its health check passed). */
    private static void awaitInRotation(int statsPort, String server) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            for (String line : RawHttp.get(statsPort, "/stats;csv").body().split("\n")) {
                String[] fields = line.split(",");
                if (fields.length > 17 && fields[0].equals("instances") && fields[1].equals(server)
                        && fields[17].startsWith("UP")) {
                    return;
                }
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        throw new IllegalStateException("HAProxy never marked server " + server + " up");
    }

    private static long field(String result, String name) {
        for (String part : result.split(" ")) {
            if (part.startsWith(name + "=")) {
                return Long.parseLong(part.substring(name.length() + 1));
            }
        }
        throw new IllegalArgumentException(name + " missing in " + result);
    }
}
