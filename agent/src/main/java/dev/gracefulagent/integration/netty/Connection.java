package dev.gracefulagent.integration.netty;

import dev.gracefulagent.integration.Reflection;
import dev.gracefulagent.track.Unit;
import java.util.ArrayDeque;
import java.util.Queue;

/**
 * The agent's record of one HTTP/1 connection, attached to its Netty channel. Only the channel's event loop
 * touches it (decoding, encoding and the write and close futures all run there), so it needs no lock. It
 * listens to the channel's close: requests whose connection closed end with it, answered or not.
 */
final class Connection extends FutureListener {
    final NettyApi api;
    final Object channel;
    private final Object decoder;
    /** The decoder's context: removed from the pipeline once the connection left HTTP/1 (WebSocket, h2c). */
    private final Object decoderContext;
    private final Connections registry;
    /** Requests decoded whose response was not written yet, oldest first (HTTP/1 answers in order). */
    final Queue<Unit> requests = new ArrayDeque<>();
    /** Set once a request arrived after intake stopped was let in: its response says {@code Connection: close}. */
    boolean servedLate;
    /** Set once a request arrived after intake stopped was refused: it and what follows it are dropped. */
    boolean rejecting;

    Connection(NettyApi api, Object channel, Object decoder, Object decoderContext, Connections registry) {
        this.api = api;
        this.channel = channel;
        this.decoder = decoder;
        this.decoderContext = decoderContext;
        this.registry = registry;
    }

    @Override
    void completed() {
        registry.remove(this);
        Unit unit;
        while ((unit = requests.poll()) != null) {
            unit.end();
        }
    }

    /**
     * No request in flight and the next one not begun: the decoder, still in the pipeline (an upgraded connection
     * speaks WebSocket or HTTP/2 now, which this integration does not know), waits for a request line or reads its
     * head, which it has not decoded whole. Not while requests are refused here: the connection closes. Event
     * loop only.
     */
    boolean awaitsRequest() throws ReflectiveOperationException {
        if (!requests.isEmpty() || rejecting || leftHttp1()) {
            return false;
        }
        String state = decoderState();
        return state.startsWith("SKIP_") || state.equals("READ_INITIAL") || state.equals("READ_HEADER");
    }

    /** Awaits a request and not one byte of it was read: the decoder waits for a request line, its buffer empty. */
    boolean isIdle() throws ReflectiveOperationException {
        Object buffered = Reflection.field(decoder, "cumulation");
        return awaitsRequest() && decoderState().startsWith("SKIP_")
                && (buffered == null || !(Boolean) Reflection.call(buffered, "isReadable"));
    }

    private String decoderState() throws ReflectiveOperationException {
        return String.valueOf(Reflection.field(decoder, "currentState"));
    }

    /**
     * The connection was upgraded (WebSocket, h2c): its decoder left the pipeline for good, so it is never idle
     * here. Safe on any thread: a context's removed state is volatile and never reverts.
     */
    boolean leftHttp1() throws ReflectiveOperationException {
        return (Boolean) Reflection.call(decoderContext, "isRemoved");
    }
}
