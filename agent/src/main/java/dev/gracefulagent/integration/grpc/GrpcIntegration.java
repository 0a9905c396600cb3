package dev.gracefulagent.integration.grpc;

import dev.gracefulagent.bootstrap.Bridge;
import dev.gracefulagent.core.Integration;
import dev.gracefulagent.core.Listener;
import dev.gracefulagent.instrument.HookPoint;
import dev.gracefulagent.instrument.Instrumenter;
import dev.gracefulagent.integration.EventLoopGroups;
import dev.gracefulagent.integration.Reflection;
import dev.gracefulagent.integration.Registrar;
import dev.gracefulagent.log.Log;
import dev.gracefulagent.track.Describer;
import dev.gracefulagent.track.DrainSignal;
import dev.gracefulagent.track.InFlight;
import dev.gracefulagent.track.Unit;
import dev.gracefulagent.track.WeakRegistry;
import java.lang.reflect.Field;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;

/**
 * grpc-java servers (grpc-core's {@code ServerImpl}, whatever its transport: grpc-netty, grpc-netty-shaded,
 * OkHttp), found when they start. A call is in flight from the moment the transport created its stream
 * ({@code ServerTransportListenerImpl.streamCreated}) until the transport reported the stream closed to the
 * server's stream listener ({@code closed(Status)}) and that listener handed the application's last callback to
 * the call's executor: on Netty that is once the frame ending the stream (the trailers) was written to the socket,
 * so the response has reached the connection. Stop intake is gRPC's own
 * {@code Server.shutdown()}: listeners closed, a GOAWAY on each open connection (new calls fail with UNAVAILABLE on
 * the client), calls in flight left to finish.
 */
public final class GrpcIntegration implements Integration {
    static final String NAME = "grpc";
    private static final Logger LOG = Log.get(GrpcIntegration.class);
    private static final String SERVER = "io.grpc.internal.ServerImpl";
    private static final String STREAM = "Lio/grpc/internal/ServerStream;";

    private final WeakRegistry<Object> servers = new WeakRegistry<>();
    /** Streams in flight to their unit; a stream does not override equals, so this is by identity. */
    private final Map<Object, Unit> calls = new ConcurrentHashMap<>();
    /** Ports of the servers stopped at stop intake: their listeners close on their event loops, just after. */
    private final Set<Integer> stoppedPorts = ConcurrentHashMap.newKeySet();
    /**
     * The Netty event loop groups of the servers stopped (read before the stop: a terminated server hands them
     * back to gRPC's shared pool and forgets them), ended after a complete drain.
     */
    private final WeakRegistry<Object> eventLoopGroups = new WeakRegistry<>();
    private InFlight inFlight;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void install(Instrumenter instrumenter, DrainSignal signal) {
        inFlight = new InFlight("calls", new CallDescriber(), signal);
        instrumenter.hook(NAME, HookPoint.atEntry(SERVER, "start", "()Lio/grpc/internal/ServerImpl;"),
                new Registrar(servers));
        instrumenter.hook(NAME, HookPoint.atEntry(SERVER + "$ServerTransportListenerImpl", "streamCreated",
                "(" + STREAM + "Ljava/lang/String;Lio/grpc/Metadata;)V", 0, 1), new Bridge.Hook() {
                    @Override
                    public boolean enter(Object transportListener, Object stream, Object method, Object c) {
                        calls.put(stream, inFlight.begin(method));
                        return false;
                    }
                });
        // at return: closed() hands the application's last callback to the call's executor, and that hand-off
        // belongs to the call (the drain waits for it), not to an intake the agent does not know. Should the
        // executor refuse it, the call stays counted: the application never heard that it ended.
        instrumenter.hook(NAME, HookPoint.atReturn(SERVER + "$JumpToApplicationThreadServerStreamListener", "closed",
                "(Lio/grpc/Status;)V"), new Bridge.Hook() {
                    @Override
                    public boolean enter(Object streamListener, Object a, Object b, Object c) {
                        Unit unit = calls.remove(StreamField.of(streamListener.getClass()).read(streamListener));
                        if (unit != null) {
                            unit.end();
                        }
                        return false;
                    }
                });
    }

    /** The servers' listeners, by port: they close asynchronously once the server was shut down. */
    @Override
    public boolean ownsListener(Listener listener) {
        return stoppedPorts.contains(listener.port());
    }

    @Override
    public String stopIntake() {
        List<Object> found = servers.snapshot();
        if (found.isEmpty()) {
            return null;
        }
        int stopped = 0;
        for (Object server : found) {
            try {
                for (Object address : (List<?>) Reflection.call(server, "getListenSockets")) {
                    if (address instanceof java.net.InetSocketAddress) {
                        stoppedPorts.add(((java.net.InetSocketAddress) address).getPort());
                    }
                }
                rememberEventLoopGroups(server);
                Reflection.call(server, "shutdown");
                stopped++;
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.warn("could not shut down gRPC server {}: {}", server, e.toString());
            }
        }
        return "shut down " + stopped + " server(s): listeners closed, GOAWAY sent on open connections";
    }

    /** The boss and worker groups of a Netty transport (grpc-netty or grpc-netty-shaded); none for others. */
    private void rememberEventLoopGroups(Object server) throws ReflectiveOperationException {
        Object transport = Reflection.field(server, "transportServer");
        for (String name : new String[] {"bossGroup", "workerGroup"}) {
            Object group = transport == null ? null : fieldIfPresent(transport, name);
            if (group != null) {
                eventLoopGroups.add(group);
            }
        }
    }

    private static Object fieldIfPresent(Object target, String name) throws ReflectiveOperationException {
        try {
            return Reflection.field(target, name);
        } catch (NoSuchFieldException e) {
            return null;
        }
    }

    @Override
    public String closedNoun() {
        return "event loop groups";
    }

    /**
     * Once every call was answered, ends the servers' Netty event loop groups (gRPC's shared ones by default,
     * which it would release only a second after the servers terminated) so that the JVM exits at once; see
     * {@link EventLoopGroups}. Past the deadline they are left to the JVM's exit.
     */
    @Override
    public int close() throws Exception {
        return stoppedPorts.isEmpty() || inFlight.count() > 0 ? 0 : EventLoopGroups.stopNow(eventLoopGroups.snapshot());
    }

    @Override
    public List<InFlight> inFlight() {
        return Collections.singletonList(inFlight);
    }

    /** The listener's private {@code stream} field, read once per call; resolved once per class. */
    private static final class StreamField {
        private static final ClassValue<StreamField> BY_CLASS = new ClassValue<StreamField>() {
            @Override
            protected StreamField computeValue(Class<?> type) {
                return new StreamField(type);
            }
        };
        private final Field field;

        private StreamField(Class<?> type) {
            try {
                field = Reflection.accessibleField(type, "stream");
            } catch (NoSuchFieldException e) {
                throw new IllegalStateException("unsupported grpc-java version: " + e, e);
            }
        }

        static StreamField of(Class<?> type) {
            return BY_CLASS.get(type);
        }

        Object read(Object listener) {
            try {
                return field.get(listener);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The full method name, e.g. "testbed.Work/Run". */
    private static final class CallDescriber implements Describer {
        @Override
        public String describe(Object method) {
            return "gRPC " + method;
        }

        @Override
        public String entryFrame() {
            return SERVER + "$JumpToApplicationThreadServerStreamListener.halfClosed";
        }
    }
}
