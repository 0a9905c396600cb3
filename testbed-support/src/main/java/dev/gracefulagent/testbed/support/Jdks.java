package dev.gracefulagent.testbed.support;

import java.io.File;
import java.util.Arrays;
import java.util.Optional;

/** The other JDKs the end-to-end tests run testbeds on, besides the build JDK. */
public final class Jdks {
    private Jdks() {
    }

    /** A JDK 25 home: {@code JAVA25_HOME}, else the first {@code /usr/lib/jvm/*25*} with a java binary. */
    public static Optional<String> java25() {
        String configured = System.getenv("JAVA25_HOME");
        if (configured != null && new File(configured, "bin/java").canExecute()) {
            return Optional.of(configured);
        }
        File[] candidates = new File("/usr/lib/jvm").listFiles((dir, name) -> name.contains("-25"));
        return candidates == null ? Optional.empty() : Arrays.stream(candidates)
                .filter(home -> new File(home, "bin/java").canExecute())
                .map(File::getPath).sorted().findFirst();
    }
}
