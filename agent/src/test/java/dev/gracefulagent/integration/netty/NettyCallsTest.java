package dev.gracefulagent.integration.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/** Every operation NettyCalls offers, on real Netty objects (an embedded channel, decoded messages). */
class NettyCallsTest {
    private final BiFunction<Object, Object, Object> byName = new NettyCalls();

    @SuppressWarnings("unchecked")
    private Object call(String operation, Object a, Object b) {
        return ((BiFunction<Object, Object, Object>) byName.apply(operation, null)).apply(a, b);
    }

    @Test
    void tellsHttpMessagesApart() {
        DefaultFullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST,
                "/work?ms=5");
        request.headers().set("Upgrade", "websocket");
        assertEquals(true, call("isRequest", request, null));
        assertEquals(false, call("isRequest", LastHttpContent.EMPTY_LAST_CONTENT, null));
        assertEquals("POST", call("method", request, null));
        assertEquals("/work?ms=5", call("uri", request, null));
        assertEquals("websocket", call("upgradeOf", request, null));

        FullHttpResponse ok = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        assertEquals(true, call("isResponseHead", ok, null));
        assertEquals(true, call("isLastContent", ok, null));
        assertEquals(false, call("isInterim", ok, null));
        assertEquals(true, call("isInterim", new DefaultHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.CONTINUE), null));
        assertEquals(false, call("isInterim", new DefaultHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.SWITCHING_PROTOCOLS), null));
        assertEquals(false, call("isResponseHead", LastHttpContent.EMPTY_LAST_CONTENT, null));
        call("sayConnectionClose", ok, null);
        assertEquals("close", ok.headers().get("connection"));
    }

    @Test
    void keepsAttributesOnAChannel() {
        EmbeddedChannel channel = new EmbeddedChannel();
        Object key = call("attributeKey", "dev.gracefulagent.test.calls", null);
        assertSame(key, call("attributeKey", "dev.gracefulagent.test.calls", null));
        Object attribute = call("attr", channel, key);
        assertNull(call("attrGet", attribute, null));
        call("attrSet", attribute, "recorded");
        assertEquals("recorded", call("attrGet", call("attr", channel, key), null));
        assertEquals(false, call("isServerChannel", channel, null));
        assertNull(call("parent", channel, null));
        assertSame(channel.eventLoop(), call("eventLoop", channel, null));
        assertNotNull(call("localAddress", channel, null));
    }

    @Test
    void listensToFuturesAndCloses() {
        EmbeddedChannel channel = new EmbeddedChannel();
        AtomicBoolean closed = new AtomicBoolean();
        call("whenComplete", call("closeFuture", channel, null), (Runnable) () -> closed.set(true));
        ChannelFuture closing = (ChannelFuture) call("close", channel, null);
        assertEquals(true, call("awaitUninterruptibly", closing, 1000L));
        assertSame(channel, call("channelOf", closing, null));
        assertTrue(closed.get());
    }

    @Test
    void writesBelowTheCodec() {
        ContextOf handler = new ContextOf();
        EmbeddedChannel channel = new EmbeddedChannel(handler);
        ChannelFuture promise = channel.newPromise();
        assertSame(promise, call("writeCompletion", handler.ctx, promise));
        Object behindVoidWrite = call("writeCompletion", handler.ctx, channel.voidPromise());
        assertTrue(behindVoidWrite instanceof ChannelFuture);
        assertSame(channel, call("channel", handler.ctx, null));

        call("answerUnavailable", handler.ctx, null);
        ByteBuf written = channel.readOutbound();
        while (written.readableBytes() == 0) {
            written = channel.readOutbound(); // the empty write placed behind the void promise
        }
        assertTrue(written.toString(StandardCharsets.US_ASCII).startsWith("HTTP/1.1 503 Service Unavailable\r\n"));
        written.release();
        assertTrue(!channel.isOpen());

        ByteBuf buffer = Unpooled.buffer(4);
        assertEquals(true, call("release", buffer, null));
        assertEquals(0, buffer.refCnt());
    }

    @Test
    void namesNoOtherOperation() {
        assertThrows(IllegalArgumentException.class, () -> byName.apply("statusCode", null));
    }

    private static final class ContextOf extends ChannelInboundHandlerAdapter {
        ChannelHandlerContext ctx;

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            this.ctx = ctx;
        }
    }
}
