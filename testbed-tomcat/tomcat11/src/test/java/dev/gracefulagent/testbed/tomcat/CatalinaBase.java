package dev.gracefulagent.testbed.tomcat;

import dev.gracefulagent.testbed.support.ServiceProcess;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A CATALINA_BASE of its own for one test, beside the distribution the build unpacked into
 * {@code target/distribution} (CATALINA_HOME): the distribution's configuration on free ports, and the testbed's
 * servlets deployed as the ROOT web application. Started through the distribution's own {@code catalina.sh}.
 */
final class CatalinaBase {
    private static final String SERVLETS = "dev/gracefulagent/testbed/tomcat";

    private final Path home;
    private final Path base;
    private final int httpPort;

    private CatalinaBase(Path home, Path base, int httpPort) {
        this.home = home;
        this.base = base;
        this.httpPort = httpPort;
    }

    static CatalinaBase create(String name) throws IOException {
        Path home = distribution();
        Path base = Paths.get("target", "catalina-base", name).toAbsolutePath();
        deleteTree(base);
        for (String dir : new String[] {"logs", "temp", "work"}) {
            Files.createDirectories(base.resolve(dir));
        }
        copyTree(home.resolve("conf"), base.resolve("conf"));
        int httpPort = ServiceProcess.freePort();
        Path serverXml = base.resolve("conf/server.xml");
        String config = Files.readString(serverXml)
                .replace("port=\"8080\"", "port=\"" + httpPort + "\"")
                .replace("port=\"8005\"", "port=\"" + ServiceProcess.freePort() + "\"");
        Files.writeString(serverXml, config);
        deployTestApplication(base.resolve("webapps/ROOT/WEB-INF"));
        return new CatalinaBase(home, base, httpPort);
    }

    /** The servlets this module compiled, and the web.xml that maps them to /work and /async. */
    private static void deployTestApplication(Path webInf) throws IOException {
        Path classes = webInf.resolve("classes").resolve(SERVLETS);
        Files.createDirectories(classes);
        try (DirectoryStream<Path> compiled = Files.newDirectoryStream(Paths.get("target/classes", SERVLETS))) {
            for (Path c : compiled) {
                Files.copy(c, classes.resolve(c.getFileName()));
            }
        }
        try (InputStream webXml = CatalinaBase.class.getResourceAsStream("/standalone/web.xml")) {
            Files.copy(webXml, webInf.resolve("web.xml"));
        }
    }

    /** Adds a line to bin/setenv.sh, which catalina.sh reads from CATALINA_BASE. */
    void setenv(String line) throws IOException {
        Path bin = Files.createDirectories(base.resolve("bin"));
        Files.writeString(bin.resolve("setenv.sh"), line + "\n", StandardCharsets.UTF_8);
    }

    /** {@code catalina.sh <command>} with this base, the test's JVM, and the given extra environment. */
    ProcessBuilder catalina(String command, Map<String, String> environment) {
        ProcessBuilder pb = new ProcessBuilder("sh", home.resolve("bin/catalina.sh").toString(), command);
        pb.directory(base.toFile());
        Map<String, String> env = pb.environment();
        env.remove("JAVA_OPTS");
        env.remove("CATALINA_OPTS");
        env.put("CATALINA_HOME", home.toString());
        env.put("CATALINA_BASE", base.toString());
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.putAll(environment);
        return pb;
    }

    /** {@code catalina.sh run}, waiting until Catalina reports that it started. */
    ServiceProcess run(Map<String, String> environment) throws IOException, InterruptedException {
        ServiceProcess tomcat = ServiceProcess.launch(catalina("run", environment), httpPort);
        try {
            tomcat.stderr().awaitContains("Server startup in", Duration.ofSeconds(60));
        } catch (AssertionError e) {
            tomcat.close();
            throw e;
        }
        return tomcat;
    }

    private static Path distribution() throws IOException {
        try (Stream<Path> found = Files.list(Paths.get("target", "distribution"))) {
            return found.filter(p -> p.getFileName().toString().startsWith("apache-tomcat-")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("the build did not unpack the distribution"))
                    .toAbsolutePath();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> tree = Files.walk(from)) {
            for (Path p : (Iterable<Path>) tree::iterator) {
                Files.copy(p, to.resolve(from.relativize(p).toString()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> tree = Files.walk(root)) {
            for (Path p : (Iterable<Path>) tree.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
