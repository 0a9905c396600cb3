package dev.gracefulagent.integration.executor;

/** The running JDK's feature release (8, 17, 21, 25, ...), without the Java 9+ {@code Runtime.version()}. */
final class JavaVersion {
    private JavaVersion() {
    }

    static int feature() {
        String spec = System.getProperty("java.specification.version", "1.8");
        if (spec.startsWith("1.")) {
            spec = spec.substring(2);
        }
        int dot = spec.indexOf('.');
        try {
            return Integer.parseInt(dot < 0 ? spec : spec.substring(0, dot));
        } catch (NumberFormatException e) {
            return 8;
        }
    }
}
