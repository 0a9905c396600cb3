package dev.gracefulagent.integration.undertow;

import dev.gracefulagent.bootstrap.Bridge;
import dev.gracefulagent.instrument.HookPoint;
import dev.gracefulagent.instrument.Instrumenter;
import dev.gracefulagent.integration.Reflection;
import dev.gracefulagent.log.Log;
import dev.gracefulagent.track.WeakRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;

/**
 * Undertow's HTTP/2 connections (h2c by prior knowledge or upgrade, h2 by ALPN), each {@code Http2Channel}
 * registered when made. Undertow's GOAWAY ({@code sendGoAway}) is its last frame: the connection closes right
 * after it, cutting the streams in flight. So a connection with streams in flight is sent its GOAWAY (naming the
 * last stream it took) only once the drain is over; until then a stream it opens after intake stopped is refused
 * with RST_STREAM REFUSED_STREAM, which tells the client it was not processed. An idle connection gets its
 * GOAWAY, and closes, at stop intake.
 */
final class Http2Channels {
    private static final Logger LOG = Log.get(Http2Channels.class);
    private static final String CHANNEL = "io.undertow.protocols.http2.Http2Channel";
    /** The constructor the others delegate to, the same in Undertow 2.2 and 2.3. */
    private static final String INIT = "(Lorg/xnio/StreamConnection;Ljava/lang/String;"
            + "Lio/undertow/connector/ByteBufferPool;Lio/undertow/connector/PooledByteBuffer;ZZZ"
            + "Ljava/nio/ByteBuffer;Lorg/xnio/OptionMap;)V";
    private static final String SERVER_CONNECTION = "io.undertow.server.protocol.http2.Http2ServerConnection";
    private static final int NO_ERROR = 0;
    private static final int REFUSED_STREAM = 7;
    /** How long a step waits for the I/O threads to send the GOAWAYs. */
    private static final long WAIT_MILLIS = 2000;

    private final WeakRegistry<Object> channels = new WeakRegistry<>();

    void install(String integration, Instrumenter instrumenter) {
        instrumenter.hook(integration, HookPoint.atReturn(CHANNEL, "<init>", INIT), new Bridge.Hook() {
            @Override
            public boolean enter(Object channel, Object a, Object b, Object c) {
                channels.add(channel);
                return false;
            }
        });
    }

    /**
     * For an exchange first seen after intake stopped: true when it is an HTTP/2 stream, now refused with
     * RST_STREAM REFUSED_STREAM. It runs on the connection's I/O thread, where Undertow reads the stream's headers.
     */
    static boolean refused(Object exchange) throws ReflectiveOperationException {
        Object connection = Reflection.call(exchange, "getConnection");
        if (!SERVER_CONNECTION.equals(connection.getClass().getName())) {
            return false;
        }
        Object stream = Reflection.field(connection, "requestChannel");
        Reflection.call(Reflection.field(connection, "channel"), "sendRstStream",
                Reflection.call(stream, "getStreamId"), REFUSED_STREAM);
        return true;
    }

    /** At stop intake: sends a GOAWAY on, and so closes, each HTTP/2 connection with no stream open. */
    int goAwayIdle() throws InterruptedException {
        return goAway(true);
    }

    /** Once drained: sends a GOAWAY on, and so closes, each HTTP/2 connection still open. */
    int goAwayAll() throws InterruptedException {
        return goAway(false);
    }

    private int goAway(final boolean onlyIdle) throws InterruptedException {
        List<Object> known = channels.snapshot();
        final AtomicInteger sent = new AtomicInteger();
        final CountDownLatch done = new CountDownLatch(known.size());
        for (final Object channel : known) {
            Runnable goAway = new Runnable() {
                @Override
                public void run() {
                    try {
                        if (Boolean.TRUE.equals(Reflection.call(channel, "isOpen"))
                                && !Boolean.TRUE.equals(Reflection.call(channel, "isClient"))
                                && (!onlyIdle || ((Map<?, ?>) Reflection.field(channel, "currentStreams")).isEmpty())) {
                            Reflection.call(channel, "sendGoAway", NO_ERROR);
                            sent.incrementAndGet();
                        }
                    } catch (ReflectiveOperationException | RuntimeException e) {
                        LOG.warn("could not send GOAWAY on {}: {}", channel, e.toString());
                    } finally {
                        done.countDown();
                    }
                }
            };
            try {
                ((Executor) Reflection.call(channel, "getIoThread")).execute(goAway);
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.warn("could not send GOAWAY on {}: {}", channel, e.toString());
                done.countDown();
            }
        }
        if (!done.await(WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
            LOG.warn("{} HTTP/2 connection(s) not sent a GOAWAY within {} ms", done.getCount(), WAIT_MILLIS);
        }
        return sent.get();
    }
}
