package dev.gracefulagent.testbed.kafka;

/** The testbed's entry point: {@code CONSUMER=plain} (default) runs the plain poll loop, {@code spring} the listener. */
public final class KafkaTestbed {
    private KafkaTestbed() {
    }

    public static void main(String[] args) throws Exception {
        String consumer = System.getenv().getOrDefault("CONSUMER", "plain");
        switch (consumer) {
            case "plain":
                PlainConsumer.main(args);
                break;
            case "spring":
                SpringConsumer.main(args);
                break;
            default:
                System.err.println("CONSUMER=" + consumer + ": accepted are plain, spring");
                System.exit(2);
        }
    }
}
