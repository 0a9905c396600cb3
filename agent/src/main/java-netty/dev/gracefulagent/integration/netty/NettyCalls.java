package dev.gracefulagent.integration.netty;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.ServerChannel;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.Attribute;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GenericFutureListener;
import java.nio.charset.StandardCharsets;
import java.util.function.BiFunction;

/**
 * The Netty calls of the Netty integration, compiled against Netty's API (4.1, which 4.2 keeps) and defined by
 * {@code NettyApi} in the class loader of each copy of Netty, where they are plain calls. Method handles or a
 * {@code Proxy} in their place cost a Netty service tens of milliseconds of start-up (the JDK spins classes for
 * them) and a megabyte. The agent sees this class only as a {@link BiFunction} per operation, asked for by name
 * from the instance its public constructor makes, and as the {@link GenericFutureListener} of
 * {@code whenComplete}; it refers to no agent class, which the loader it is defined in may not see.
 */
@SuppressWarnings({"unchecked", "rawtypes"})
public final class NettyCalls implements BiFunction<Object, Object, Object>, GenericFutureListener {
    /** The answer to a request that arrives after intake stopped, written below the HTTP encoder. */
    private static final byte[] UNAVAILABLE = ("HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n"
            + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    private static final String[] OPERATIONS = {
        "isRequest", "isResponseHead", "isLastContent", "isServerChannel", "isInterim", "sayConnectionClose",
        "channel", "attributeKey", "attr", "attrGet", "attrSet", "channelOf", "parent", "eventLoop", "localAddress",
        "close", "closeFuture", "awaitUninterruptibly", "whenComplete", "writeCompletion", "answerUnavailable",
        "upgradeOf", "release", "method", "uri",
    };
    // positions in OPERATIONS
    private static final int IS_REQUEST = 0;
    private static final int IS_RESPONSE_HEAD = 1;
    private static final int IS_LAST_CONTENT = 2;
    private static final int IS_SERVER_CHANNEL = 3;
    private static final int IS_INTERIM = 4;
    private static final int SAY_CONNECTION_CLOSE = 5;
    private static final int CHANNEL = 6;
    private static final int ATTRIBUTE_KEY = 7;
    private static final int ATTR = 8;
    private static final int ATTR_GET = 9;
    private static final int ATTR_SET = 10;
    private static final int CHANNEL_OF = 11;
    private static final int PARENT = 12;
    private static final int EVENT_LOOP = 13;
    private static final int LOCAL_ADDRESS = 14;
    private static final int CLOSE = 15;
    private static final int CLOSE_FUTURE = 16;
    private static final int AWAIT_UNINTERRUPTIBLY = 17;
    private static final int WHEN_COMPLETE = 18;
    private static final int WRITE_COMPLETION = 19;
    private static final int ANSWER_UNAVAILABLE = 20;
    private static final int UPGRADE_OF = 21;
    private static final int RELEASE = 22;
    private static final int METHOD = 23;
    private static final int URI = 24;
    private static final int OPERATION_BY_NAME = -1;
    private static final int LISTENER = -2;

    private final int operation;
    private final Runnable whenDone;

    /** The instance that answers {@code apply(name, null)} with the operation of that name. */
    public NettyCalls() {
        this(OPERATION_BY_NAME, null);
        // the names this class calls by came with Netty 4.1 (4.0 had getStatus(), getMethod(), getUri()); declared
        // methods only, so that no more of Netty's classes load for the check than these two mention
        try {
            HttpResponse.class.getDeclaredMethod("status");
            HttpRequest.class.getDeclaredMethod("method");
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("unsupported Netty version (4.1 or later is needed): " + e);
        }
    }

    private NettyCalls(int operation, Runnable whenDone) {
        this.operation = operation;
        this.whenDone = whenDone;
    }

    @Override
    public Object apply(Object a, Object b) {
        switch (operation) {
            case OPERATION_BY_NAME:
                for (int i = 0; i < OPERATIONS.length; i++) {
                    if (OPERATIONS[i].equals(a)) {
                        return new NettyCalls(i, null);
                    }
                }
                throw new IllegalArgumentException("no Netty operation " + a);
            case IS_REQUEST:
                return a instanceof HttpRequest;
            case IS_RESPONSE_HEAD:
                return a instanceof HttpResponse;
            case IS_LAST_CONTENT:
                return a instanceof LastHttpContent;
            case IS_SERVER_CHANNEL:
                return a instanceof ServerChannel;
            case IS_INTERIM:
                // 100 Continue and the like; 101 Switching Protocols ends the HTTP exchange, so it is no interim answer
                int code = ((HttpResponse) a).status().code();
                return code < 200 && code != 101;
            case SAY_CONNECTION_CLOSE:
                ((HttpMessage) a).headers().set("connection", "close");
                return null;
            case CHANNEL:
                return ((ChannelHandlerContext) a).channel();
            case ATTRIBUTE_KEY:
                return AttributeKey.valueOf((String) a);
            case ATTR:
                return ((Channel) a).attr((AttributeKey<Object>) b);
            case ATTR_GET:
                return ((Attribute<Object>) a).get();
            case ATTR_SET:
                ((Attribute<Object>) a).set(b);
                return null;
            case CHANNEL_OF:
                return ((ChannelFuture) a).channel();
            case PARENT:
                return ((Channel) a).parent();
            case EVENT_LOOP:
                return ((Channel) a).eventLoop();
            case LOCAL_ADDRESS:
                return ((Channel) a).localAddress();
            case CLOSE:
                return ((Channel) a).close();
            case CLOSE_FUTURE:
                return ((Channel) a).closeFuture();
            case AWAIT_UNINTERRUPTIBLY:
                return ((Future<?>) a).awaitUninterruptibly((Long) b);
            case WHEN_COMPLETE:
                return ((Future<?>) a).addListener(new NettyCalls(LISTENER, (Runnable) b));
            case WRITE_COMPLETION:
                return ((ChannelPromise) b).isVoid() ? ((ChannelHandlerContext) a).write(Unpooled.EMPTY_BUFFER) : b;
            case ANSWER_UNAVAILABLE:
                return ((ChannelHandlerContext) a).writeAndFlush(Unpooled.wrappedBuffer(UNAVAILABLE.clone()))
                        .addListener(ChannelFutureListener.CLOSE);
            case UPGRADE_OF:
                return ((HttpMessage) a).headers().get("Upgrade");
            case RELEASE:
                return ReferenceCountUtil.release(a);
            case METHOD:
                return ((HttpRequest) a).method().name();
            case URI:
                return ((HttpRequest) a).uri();
            default:
                throw new UnsupportedOperationException("a listener is no operation");
        }
    }

    /** As the listener {@code whenComplete} added: runs its task once the future completed, however. */
    @Override
    public void operationComplete(Future future) {
        whenDone.run();
    }
}
