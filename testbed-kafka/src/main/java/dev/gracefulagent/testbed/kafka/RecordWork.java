package dev.gracefulagent.testbed.kafka;

import java.sql.SQLException;
import java.util.Map;

/** The work each record stands for: {@code RECORD_MS} (default 1000) of blocking work, recorded in the database. */
public final class RecordWork {
    private final ProcessedLog log;
    private final long recordMillis;
    private final String instance;

    public RecordWork(ProcessedLog log) {
        Map<String, String> env = System.getenv();
        this.log = log;
        this.recordMillis = Long.parseLong(env.getOrDefault("RECORD_MS", "1000"));
        this.instance = env.getOrDefault("INSTANCE", Long.toString(ProcessHandle.current().pid()));
    }

    public void process(String topic, String recordId) throws SQLException, InterruptedException {
        long row = log.started(topic, recordId, instance);
        System.out.println("record " + recordId + " started");
        Thread.sleep(recordMillis);
        log.ended(row);
        System.out.println("record " + recordId + " done");
    }

    /** Prints when the consumer got partitions, counted from the moment it started. */
    public static void assigned(Object partitions, long startedNanos) {
        long millis = (System.nanoTime() - startedNanos) / 1_000_000;
        System.out.println("assigned " + partitions + " after " + millis + " ms");
    }
}
