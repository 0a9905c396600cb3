package dev.gracefulagent.integration.netty;

import dev.gracefulagent.instrument.AgentClassDefiner;
import java.lang.ref.WeakReference;
import java.lang.reflect.InvocationTargetException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * The Netty calls of the per-request path, for one copy of Netty (class loader): the channel of a handler
 * context, the agent's channel attributes, the HTTP message types, a listener on a write's future, the raw 503
 * answer. Each is an operation of {@code NettyCalls}, a class compiled against Netty that this defines in the
 * copy's class loader, so that they are plain calls there.
 */
final class NettyApi {
    private static final String CODEC = "io.netty.handler.codec.http.";
    private static final String CALLS = "dev.gracefulagent.integration.netty.NettyCalls";
    /** NettyCalls as defined in each Netty copy's class loader, weakly: a web application's loader may go. */
    private static final Map<ClassLoader, WeakReference<Class<?>>> CALLS_BY_LOADER = new WeakHashMap<>();

    /** Per handler class: the API of its Netty copy, or null when it is not a server-side HTTP/1 codec. */
    private static final ClassValue<NettyApi> BY_CODEC_CLASS = new ClassValue<NettyApi>() {
        @Override
        protected NettyApi computeValue(Class<?> handler) {
            for (Class<?> type = handler; type != null; type = type.getSuperclass()) {
                String name = type.getName();
                if (name.equals(CODEC + "HttpRequestDecoder") || name.equals(CODEC + "HttpResponseEncoder")) {
                    return of(type.getClassLoader());
                }
            }
            return null;
        }
    };
    /** Per class of a transport object (a channel, a promise): the API of its Netty copy, or null without HTTP. */
    private static final ClassValue<NettyApi> BY_TRANSPORT_CLASS = new ClassValue<NettyApi>() {
        @Override
        protected NettyApi computeValue(Class<?> type) {
            try {
                return of(type.getClassLoader());
            } catch (RuntimeException | LinkageError e) {
                return null; // a Netty copy without the HTTP codec serves nothing this integration knows
            }
        }
    };
    /** One API per copy of Netty, keyed by its {@code Channel} interface, shared by all its handlers. */
    private static final ClassValue<NettyApi> BY_NETTY_COPY = new ClassValue<NettyApi>() {
        @Override
        protected NettyApi computeValue(Class<?> channelInterface) {
            return new NettyApi(channelInterface.getClassLoader());
        }
    };

    private final BiFunction<Object, Object, Object> isRequest;
    private final BiFunction<Object, Object, Object> isResponseHead;
    private final BiFunction<Object, Object, Object> isLastContent;
    private final BiFunction<Object, Object, Object> isInterim;
    private final BiFunction<Object, Object, Object> isServerChannel;
    private final BiFunction<Object, Object, Object> sayConnectionClose;
    private final BiFunction<Object, Object, Object> channel;
    private final BiFunction<Object, Object, Object> attr;
    private final BiFunction<Object, Object, Object> attrGet;
    private final BiFunction<Object, Object, Object> attrSet;
    private final BiFunction<Object, Object, Object> channelOf;
    private final BiFunction<Object, Object, Object> parent;
    private final BiFunction<Object, Object, Object> eventLoop;
    private final BiFunction<Object, Object, Object> localAddress;
    private final BiFunction<Object, Object, Object> close;
    private final BiFunction<Object, Object, Object> closeFuture;
    private final BiFunction<Object, Object, Object> awaitUninterruptibly;
    private final BiFunction<Object, Object, Object> whenComplete;
    private final BiFunction<Object, Object, Object> writeCompletion;
    private final BiFunction<Object, Object, Object> answerUnavailable;
    private final BiFunction<Object, Object, Object> upgradeOf;
    private final BiFunction<Object, Object, Object> release;
    private final BiFunction<Object, Object, Object> method;
    private final BiFunction<Object, Object, Object> uri;
    private final Object connectionKey;
    private final Object openConnectionsKey;

    private NettyApi(ClassLoader loader) {
        BiFunction<Object, Object, Object> byName = callsIn(loader);
        isRequest = operation(byName, "isRequest");
        isResponseHead = operation(byName, "isResponseHead");
        isLastContent = operation(byName, "isLastContent");
        isInterim = operation(byName, "isInterim");
        isServerChannel = operation(byName, "isServerChannel");
        sayConnectionClose = operation(byName, "sayConnectionClose");
        channel = operation(byName, "channel");
        attr = operation(byName, "attr");
        attrGet = operation(byName, "attrGet");
        attrSet = operation(byName, "attrSet");
        channelOf = operation(byName, "channelOf");
        parent = operation(byName, "parent");
        eventLoop = operation(byName, "eventLoop");
        localAddress = operation(byName, "localAddress");
        close = operation(byName, "close");
        closeFuture = operation(byName, "closeFuture");
        awaitUninterruptibly = operation(byName, "awaitUninterruptibly");
        whenComplete = operation(byName, "whenComplete");
        writeCompletion = operation(byName, "writeCompletion");
        answerUnavailable = operation(byName, "answerUnavailable");
        upgradeOf = operation(byName, "upgradeOf");
        release = operation(byName, "release");
        method = operation(byName, "method");
        uri = operation(byName, "uri");
        BiFunction<Object, Object, Object> attributeKey = operation(byName, "attributeKey");
        connectionKey = attributeKey.apply("dev.gracefulagent.netty.connection", null);
        openConnectionsKey = attributeKey.apply("dev.gracefulagent.netty.openConnections", null);
    }

    /**
     * The instance of NettyCalls in {@code loader} that hands out its operations by name, the class defined there
     * on first use (once: two first requests may ask at once).
     */
    @SuppressWarnings("unchecked")
    private static BiFunction<Object, Object, Object> callsIn(ClassLoader loader) {
        try {
            Class<?> calls;
            synchronized (CALLS_BY_LOADER) {
                WeakReference<Class<?>> defined = CALLS_BY_LOADER.get(loader);
                calls = defined == null ? null : defined.get();
                if (calls == null) {
                    calls = AgentClassDefiner.define(loader, CALLS);
                    CALLS_BY_LOADER.put(loader, new WeakReference<Class<?>>(calls));
                }
            }
            return (BiFunction<Object, Object, Object>) calls.getConstructor().newInstance();
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(String.valueOf(e.getCause()), e.getCause()); // an unsupported Netty
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot define the Netty calls beside Netty: " + e, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static BiFunction<Object, Object, Object> operation(BiFunction<Object, Object, Object> byName,
                                                                String name) {
        return (BiFunction<Object, Object, Object>) byName.apply(name, null);
    }

    /** The API for a handler, or null when it is not Netty's HTTP/1 request decoder or response encoder. */
    static NettyApi forCodec(Class<?> handler) {
        return BY_CODEC_CLASS.get(handler);
    }

    /** The API of the Netty copy a channel or future belongs to, or null when that copy has no HTTP codec. */
    static NettyApi forTransport(Object nettyObject) {
        return BY_TRANSPORT_CLASS.get(nettyObject.getClass());
    }

    /** The API of the Netty copy {@code nettyObject} (a channel, a request) belongs to; off the hot path. */
    static NettyApi forObject(Object nettyObject) {
        return of(nettyObject.getClass().getClassLoader());
    }

    private static NettyApi of(ClassLoader loader) {
        try {
            return BY_NETTY_COPY.get(Class.forName("io.netty.channel.Channel", false, loader));
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("no Netty channel beside its HTTP codec", e);
        }
    }

    boolean isRequest(Object message) {
        return (Boolean) isRequest.apply(message, null);
    }

    /** A response's last part: a full response or the last content of a streamed one (1xx answers are no end). */
    boolean endsResponse(Object message) {
        return (Boolean) isLastContent.apply(message, null)
                && !((Boolean) isResponseHead.apply(message, null) && (Boolean) isInterim.apply(message, null));
    }

    boolean isResponseHead(Object message) {
        return (Boolean) isResponseHead.apply(message, null);
    }

    /** The response tells the client that the connection closes after it. */
    void sayConnectionClose(Object response) {
        sayConnectionClose.apply(response, null);
    }

    Object channel(Object ctx) {
        return channel.apply(ctx, null);
    }

    /** The agent's record of the connection, or null before its first bytes were decoded. */
    Connection connection(Object channel) {
        return (Connection) attrGet.apply(attr.apply(channel, connectionKey), null);
    }

    void attach(Object channel, Connection connection) {
        attrSet.apply(attr.apply(channel, connectionKey), connection);
    }

    boolean isServerChannel(Object channel) {
        return (Boolean) isServerChannel.apply(channel, null);
    }

    /** The channel of a {@code ChannelFuture} (a promise). */
    Object channelOf(Object future) {
        return channelOf.apply(future, null);
    }

    /**
     * Counts {@code connection}, just accepted by {@code server}, as open until it closes; on the server's event
     * loop, where Netty accepts.
     */
    void countOpenConnection(Object server, Object connection) {
        Object attribute = attr.apply(server, openConnectionsKey);
        AtomicInteger open = (AtomicInteger) attrGet.apply(attribute, null);
        if (open == null) {
            open = new AtomicInteger();
            attrSet.apply(attribute, open);
        }
        open.incrementAndGet();
        final AtomicInteger counted = open;
        whenComplete(closeFuture(connection), new FutureListener() {
            @Override
            void completed() {
                counted.decrementAndGet();
            }
        });
    }

    boolean hasOpenConnections(Object server) {
        Object open = attrGet.apply(attr.apply(server, openConnectionsKey), null);
        return open != null && ((AtomicInteger) open).get() > 0;
    }

    /** The server channel that accepted {@code channel}, or null. */
    Object parent(Object channel) {
        return parent.apply(channel, null);
    }

    Executor eventLoop(Object channel) {
        return (Executor) eventLoop.apply(channel, null);
    }

    /** The local TCP port of a channel, or -1. */
    int port(Object channel) {
        Object address = localAddress.apply(channel, null);
        return address instanceof InetSocketAddress ? ((InetSocketAddress) address).getPort() : -1;
    }

    /** Closes the channel on its event loop; returns the close's future. */
    Object close(Object channel) {
        return close.apply(channel, null);
    }

    /** Waits up to {@code millis} for a future (a close) to complete. */
    void awaitUninterruptibly(Object future, long millis) {
        awaitUninterruptibly.apply(future, millis);
    }

    Object closeFuture(Object channel) {
        return closeFuture.apply(channel, null);
    }

    /** Runs {@code listener} on the future's event loop once {@code future} completed. */
    void whenComplete(Object future, FutureListener listener) {
        whenComplete.apply(future, listener);
    }

    /**
     * The future of the write that carries a response's last part: its promise when the caller has one to
     * listen to, else (a void promise) that of an empty write placed right behind it, which Netty completes in
     * order, once everything before it was written to the socket.
     */
    Object writeCompletion(Object ctx, Object promise) {
        return writeCompletion.apply(ctx, promise);
    }

    /** Answers 503 with {@code Connection: close} below the HTTP encoder, then closes the connection. */
    void answerUnavailable(Object ctx) {
        answerUnavailable.apply(ctx, null);
    }

    /** The {@code Upgrade} header of a request, or null. */
    Object upgradeOf(Object request) {
        return upgradeOf.apply(request, null);
    }

    /** Releases a decoded message the application will never see (its buffer goes back to the pool). */
    void release(Object message) {
        release.apply(message, null);
    }

    /** "GET /work": method and path, never the query string. */
    String describe(Object request) {
        try {
            return method.apply(request, null) + " " + path(request);
        } catch (RuntimeException | LinkageError e) {
            return "request " + request.getClass().getName();
        }
    }

    /** "/work": the request's path, never the query string. */
    String path(Object request) {
        String target = (String) uri.apply(request, null);
        int query = target.indexOf('?');
        return query < 0 ? target : target.substring(0, query);
    }
}
