package dev.gracefulagent.integration.netty;

import dev.gracefulagent.integration.Reflection;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Netty calls of the per-request path, resolved once per Netty copy (class loader) as method handles: the
 * channel of a handler context, the agent's channel attribute, the HTTP message types, adding a listener to a
 * write's future (through a {@link Proxy} of Netty's {@code GenericFutureListener}), and the raw 503 answer.
 */
final class NettyApi {
    private static final String CODEC = "io.netty.handler.codec.http.";
    /** The answer to a request that arrives after intake stopped, written below the HTTP encoder. */
    private static final byte[] UNAVAILABLE = ("HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n"
            + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

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

    private final Class<?> request;
    private final Class<?> response;
    private final Class<?> lastContent;
    private final Object connectionKey;
    private final Object openConnectionsKey;
    private final Class<?> serverChannel;
    private final Object emptyBuffer;
    private final Object closeListener;
    private final Constructor<?> listenerProxy;
    private final MethodHandle channel;
    private final MethodHandle futureChannel;
    private final MethodHandle attr;
    private final MethodHandle attrGet;
    private final MethodHandle attrSet;
    private final MethodHandle parent;
    private final MethodHandle eventLoop;
    private final MethodHandle localAddress;
    private final MethodHandle close;
    private final MethodHandle closeFuture;
    private final MethodHandle isVoid;
    private final MethodHandle addListener;
    private final MethodHandle write;
    private final MethodHandle writeAndFlush;
    private final MethodHandle wrappedBuffer;
    private final MethodHandle release;
    private final MethodHandle status;
    private final MethodHandle statusCode;
    private final MethodHandle headers;
    private final MethodHandle headersSet;
    private final MethodHandle method;
    private final MethodHandle uri;

    private NettyApi(ClassLoader loader) {
        try {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            request = type(loader, CODEC + "HttpRequest");
            response = type(loader, CODEC + "HttpResponse");
            lastContent = type(loader, CODEC + "LastHttpContent");
            Class<?> ctx = type(loader, "io.netty.channel.ChannelHandlerContext");
            Class<?> channelType = type(loader, "io.netty.channel.Channel");
            Class<?> attributeKey = type(loader, "io.netty.util.AttributeKey");
            Class<?> attribute = type(loader, "io.netty.util.Attribute");
            Class<?> future = type(loader, "io.netty.util.concurrent.Future");
            Class<?> listener = type(loader, "io.netty.util.concurrent.GenericFutureListener");
            Class<?> channelFuture = type(loader, "io.netty.channel.ChannelFuture");
            Class<?> promise = type(loader, "io.netty.channel.ChannelPromise");
            Class<?> unpooled = type(loader, "io.netty.buffer.Unpooled");
            Class<?> byteBuf = type(loader, "io.netty.buffer.ByteBuf");
            listenerProxy = Proxy.getProxyClass(loader, listener).getConstructor(InvocationHandler.class);
            connectionKey = lookup.findStatic(attributeKey, "valueOf", MethodType.methodType(attributeKey,
                    String.class)).invoke("dev.gracefulagent.netty.connection");
            openConnectionsKey = lookup.findStatic(attributeKey, "valueOf", MethodType.methodType(attributeKey,
                    String.class)).invoke("dev.gracefulagent.netty.openConnections");
            serverChannel = type(loader, "io.netty.channel.ServerChannel");
            futureChannel = generic(lookup.findVirtual(channelFuture, "channel", MethodType.methodType(channelType)));
            emptyBuffer = unpooled.getField("EMPTY_BUFFER").get(null);
            closeListener = type(loader, "io.netty.channel.ChannelFutureListener").getField("CLOSE").get(null);
            channel = generic(lookup.findVirtual(ctx, "channel", MethodType.methodType(channelType)));
            attr = generic(lookup.findVirtual(channelType, "attr", MethodType.methodType(attribute, attributeKey)));
            attrGet = generic(lookup.findVirtual(attribute, "get", MethodType.methodType(Object.class)));
            attrSet = lookup.findVirtual(attribute, "set", MethodType.methodType(void.class, Object.class))
                    .asType(MethodType.methodType(void.class, Object.class, Object.class));
            parent = generic(lookup.findVirtual(channelType, "parent", MethodType.methodType(channelType)));
            eventLoop = generic(lookup.findVirtual(channelType, "eventLoop",
                    MethodType.methodType(type(loader, "io.netty.channel.EventLoop"))));
            localAddress = generic(lookup.findVirtual(channelType, "localAddress",
                    MethodType.methodType(java.net.SocketAddress.class)));
            close = generic(lookup.findVirtual(channelType, "close", MethodType.methodType(channelFuture)));
            closeFuture = generic(lookup.findVirtual(channelType, "closeFuture",
                    MethodType.methodType(channelFuture)));
            isVoid = lookup.findVirtual(promise, "isVoid", MethodType.methodType(boolean.class))
                    .asType(MethodType.methodType(boolean.class, Object.class));
            addListener = generic(lookup.findVirtual(future, "addListener", MethodType.methodType(future, listener)));
            write = generic(lookup.findVirtual(ctx, "write", MethodType.methodType(channelFuture, Object.class)));
            writeAndFlush = generic(lookup.findVirtual(ctx, "writeAndFlush",
                    MethodType.methodType(channelFuture, Object.class)));
            wrappedBuffer = generic(lookup.findStatic(unpooled, "wrappedBuffer",
                    MethodType.methodType(byteBuf, byte[].class)));
            release = lookup.findStatic(type(loader, "io.netty.util.ReferenceCountUtil"), "release",
                    MethodType.methodType(boolean.class, Object.class));
            Class<?> statusType = type(loader, CODEC + "HttpResponseStatus");
            status = generic(lookup.findVirtual(response, "status", MethodType.methodType(statusType)));
            statusCode = lookup.findVirtual(statusType, "code", MethodType.methodType(int.class))
                    .asType(MethodType.methodType(int.class, Object.class));
            Class<?> headersType = type(loader, CODEC + "HttpHeaders");
            headers = generic(lookup.findVirtual(type(loader, CODEC + "HttpMessage"), "headers",
                    MethodType.methodType(headersType)));
            headersSet = generic(lookup.findVirtual(headersType, "set",
                    MethodType.methodType(headersType, String.class, Object.class)));
            method = generic(lookup.findVirtual(request, "method",
                    MethodType.methodType(type(loader, CODEC + "HttpMethod"))));
            uri = generic(lookup.findVirtual(request, "uri", MethodType.methodType(String.class)));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("unsupported Netty version: " + t, t);
        }
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

    private static Class<?> type(ClassLoader loader, String name) throws ClassNotFoundException {
        return Class.forName(name, false, loader);
    }

    /** The handle with every reference type as Object, for {@code invokeExact} from code that cannot name them. */
    private static MethodHandle generic(MethodHandle handle) {
        return handle.asType(handle.type().generic());
    }

    boolean isRequest(Object message) {
        return request.isInstance(message);
    }

    /** A response's last part: a full response or the last content of a streamed one (1xx answers are no end). */
    boolean endsResponse(Object message) {
        return lastContent.isInstance(message) && !(response.isInstance(message) && isInterim(message));
    }

    boolean isResponseHead(Object message) {
        return response.isInstance(message);
    }

    /** 100 Continue and the like; 101 Switching Protocols ends the HTTP exchange, so it is no interim answer. */
    private boolean isInterim(Object response) {
        int code = statusCode(response);
        return code < 200 && code != 101;
    }

    int statusCode(Object response) {
        try {
            return (int) statusCode.invokeExact(status.invokeExact(response));
        } catch (Throwable t) {
            throw Reflection.rethrow(t);
        }
    }

    /** The response tells the client that the connection closes after it. */
    void sayConnectionClose(Object response) {
        try {
            Object unused = headersSet.invokeExact(headers.invokeExact(response), (Object) "connection",
                    (Object) "close");
        } catch (Throwable t) {
            throw Reflection.rethrow(t);
        }
    }

    Object channel(Object ctx) {
        try {
            return (Object) channel.invokeExact(ctx);
        } catch (Throwable t) {
            throw Reflection.rethrow(t);
        }
    }

    /** The agent's record of the connection, or null before its first bytes were decoded. */
    Connection connection(Object channel) {
        try {
            return (Connection) (Object) attrGet.invokeExact((Object) attr.invokeExact(channel, connectionKey));
        } catch (Throwable t) {
            throw Reflection.rethrow(t);
        }
    }

    void attach(Object channel, Connection connection) {
        try {
            attrSet.invokeExact((Object) attr.invokeExact(channel, connectionKey), (Object) connection);
        } catch (Throwable t) {
            throw Reflection.rethrow(t);
        }
    }

    boolean isServerChannel(Object channel) {
        return serverChannel.isInstance(channel);
    }

    /** The channel of a {@code ChannelFuture} (a promise). */
    Object channelOf(Object future) {
        try {
            return (Object) futureChannel.invokeExact(future);
        } catch (Throwable t) {
            throw Reflection.rethrow(t);
        }
    }

    /**
     * Counts {@code connection}, just accepted by {@code server}, as open until it closes; on the server's event
     * loop, where Netty accepts.
     */
    void countOpenConnection(Object server, Object connection) {
        try {
            Object attribute = (Object) attr.invokeExact(server, openConnectionsKey);
            AtomicInteger open = (AtomicInteger) (Object) attrGet.invokeExact(attribute);
            if (open == null) {
                open = new AtomicInteger();
                attrSet.invokeExact(attribute, (Object) open);
            }
            open.incrementAndGet();
            final AtomicInteger counted = open;
            whenComplete(closeFuture(connection), new FutureListener() {
                @Override
                void completed() {
                    counted.decrementAndGet();
                }
            });
        } catch (Throwable t) {
            throw Reflection.rethrow(t);
        }
    }

    boolean hasOpenConnections(Object server) {
        try {
            Object open = (Object) attrGet.invokeExact((Object) attr.invokeExact(server, openConnectionsKey));
            return open != null && ((AtomicInteger) open).get() > 0;
        } catch (Throwable t) {
            throw Reflection.rethrow(t);
        }
    }

    /** The server channel that accepted {@code channel}, or null. */
    Object parent(Object channel) {
        try {
            return (Object) parent.invokeExact(channel);
        } catch (Throwable t) {
            throw Reflection.rethrow(t);
        }
    }

    Executor eventLoop(Object channel) {
        try {
            return (Executor) (Object) eventLoop.invokeExact(channel);
        } catch (Throwable t) {
            throw Reflection.rethrow(t);
        }
    }

    /** The local TCP port of a channel, or -1. */
    int port(Object channel) {
        try {
            Object address = (Object) localAddress.invokeExact(channel);
            return address instanceof InetSocketAddress ? ((InetSocketAddress) address).getPort() : -1;
        } catch (Throwable t) {
            throw Reflection.rethrow(t);
        }
    }

    /** Closes the channel on its event loop; returns the close's future. */
    Object close(Object channel) {
        try {
            return (Object) close.invokeExact(channel);
        } catch (Throwable t) {
            throw Reflection.rethrow(t);
        }
    }

    /** Waits up to {@code millis} for a future (a close) to complete; off the hot path. */
    void awaitUninterruptibly(Object future, long millis) {
        try {
            Reflection.call(future, "awaitUninterruptibly", millis);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    Object closeFuture(Object channel) {
        try {
            return (Object) closeFuture.invokeExact(channel);
        } catch (Throwable t) {
            throw Reflection.rethrow(t);
        }
    }

    /** Calls {@code handler} (its method {@code operationComplete}) once {@code future} completed. */
    void whenComplete(Object future, InvocationHandler handler) {
        try {
            Object unused = (Object) addListener.invokeExact(future, (Object) listenerProxy.newInstance(handler));
        } catch (Throwable t) {
            throw Reflection.rethrow(t);
        }
    }

    /**
     * The future of the write that carries a response's last part: its promise when the caller has one to
     * listen to, else (a void promise) that of an empty write placed right behind it, which Netty completes in
     * order, once everything before it was written to the socket.
     */
    Object writeCompletion(Object ctx, Object promise) {
        try {
            if (!(boolean) isVoid.invokeExact(promise)) {
                return promise;
            }
            return (Object) write.invokeExact(ctx, emptyBuffer);
        } catch (Throwable t) {
            throw Reflection.rethrow(t);
        }
    }

    /** Answers 503 with {@code Connection: close} below the HTTP encoder, then closes the connection. */
    void answerUnavailable(Object ctx) {
        try {
            Object buffer = (Object) wrappedBuffer.invokeExact((Object) UNAVAILABLE.clone());
            Object written = (Object) writeAndFlush.invokeExact(ctx, buffer);
            Object unused = (Object) addListener.invokeExact(written, closeListener);
        } catch (Throwable t) {
            throw Reflection.rethrow(t);
        }
    }

    /** The {@code Upgrade} header of a request, or null; off the hot path. */
    Object upgradeOf(Object request) {
        try {
            return Reflection.callWithString((Object) headers.invokeExact(request), "get", "Upgrade");
        } catch (Throwable t) {
            throw Reflection.rethrow(t);
        }
    }

    /** Releases a decoded message the application will never see (its buffer goes back to the pool). */
    void release(Object message) {
        try {
            boolean unused = (boolean) release.invokeExact(message);
        } catch (Throwable t) {
            throw Reflection.rethrow(t);
        }
    }

    /** "GET /work": method and path, never the query string. */
    String describe(Object request) {
        try {
            return (Object) method.invokeExact(request) + " " + path(request);
        } catch (Throwable t) {
            return "request " + request.getClass().getName();
        }
    }

    /** "/work": the request's path, never the query string. */
    String path(Object request) {
        try {
            String target = (String) (Object) uri.invokeExact(request);
            int query = target.indexOf('?');
            return query < 0 ? target : target.substring(0, query);
        } catch (Throwable t) {
            throw Reflection.rethrow(t);
        }
    }

}
