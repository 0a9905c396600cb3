package dev.gracefulagent.track;

/** Tells the operator what a unit of work is, e.g. "GET /work"; read only for reports, never on the hot path. */
public interface Describer {
    String describe(Object subject);

    /**
     * A frame ("class.method") that is on the stack of the thread while it works on the unit; when the thread
     * no longer shows it, the unit is waiting for an asynchronous completion rather than running. Null when the
     * unit belongs to its thread until it ends, with no frame of the library on that stack (a Kafka consumer's
     * records, held by the application's own poll loop): the thread is then taken as running it.
     */
    String entryFrame();
}
