package dev.gracefulagent.testbed.rabbitmq;

/** The testbed's environment settings. */
final class Settings {
    private Settings() {
    }

    static String get(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isEmpty() ? fallback : value;
    }

    static String rabbitUrl() {
        return get("RABBIT_URL", "amqp://guest:guest@127.0.0.1:5672");
    }

    static String queue() {
        return get("QUEUE", "testbed");
    }

    static long messageMillis() {
        return Long.parseLong(get("MESSAGE_MS", "1000"));
    }
}
