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
     * No request in flight and not one byte of the next one read: the decoder, still in the pipeline (an upgraded
     * connection speaks WebSocket or HTTP/2 now, which this integration does not know), waits for a request line
     * with an empty buffer. Event loop only.
     */
    boolean isIdle() throws ReflectiveOperationException {
        if (!requests.isEmpty() || (Boolean) Reflection.call(decoderContext, "isRemoved")) {
            return false;
        }
        Object buffered = Reflection.field(decoder, "cumulation");
        return (buffered == null || !(Boolean) Reflection.call(buffered, "isReadable"))
                && String.valueOf(Reflection.field(decoder, "currentState")).startsWith("SKIP_");
    }
}
