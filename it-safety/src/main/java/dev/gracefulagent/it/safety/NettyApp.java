package dev.gracefulagent.it.safety;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.handler.codec.DelimiterBasedFrameDecoder;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Netty server, on the native epoll or io_uring transport (its listener bound in native code) or on NIO (its
 * listener a JDK channel registered with a selector): {@code /work?ms=N} answers
 * {@code done} after N ms, scheduled on the event loop, then closes the connection. No shutdown code of its own.
 * Two pipelines: Netty's HTTP codec ({@code http}), which the agent's netty integration drains, or the same answers
 * read and written as raw bytes ({@code raw}), a protocol that integration does not know, so its listener stays
 * unowned.
 */
final class NettyApp {
    private static final byte[] HEAD_END = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern MS = Pattern.compile("[?&]ms=(\\d+)");

    private NettyApp() {
    }

    /** Netty's transports: the event loops' I/O handler and the server channel that goes with it. */
    enum Transport {
        NIO, EPOLL, IO_URING;

        IoHandlerFactory ioHandler() {
            switch (this) {
                case EPOLL:
                    Epoll.ensureAvailability();
                    return EpollIoHandler.newFactory();
                case IO_URING:
                    IoUring.ensureAvailability();
                    return IoUringIoHandler.newFactory();
                default:
                    return NioIoHandler.newFactory();
            }
        }

        Class<? extends ServerChannel> serverChannel() {
            return this == EPOLL ? EpollServerSocketChannel.class
                    : this == IO_URING ? IoUringServerSocketChannel.class : NioServerSocketChannel.class;
        }
    }

    static void main(boolean http, Transport transport) throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, transport.ioHandler());
        new ServerBootstrap().group(group).channel(transport.serverChannel())
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (http) {
                            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 16),
                                    new HttpWork());
                        } else {
                            ch.pipeline().addLast(new DelimiterBasedFrameDecoder(1 << 16,
                                    Unpooled.wrappedBuffer(HEAD_END)), new RawWork());
                        }
                    }
                }).bind(SafetyApps.port()).sync();
        System.out.println("netty " + transport.name().toLowerCase(Locale.ROOT) + " ready on port "
                + SafetyApps.port());
    }

    private static void answerLater(ChannelHandlerContext ctx, long delay, Object response) {
        ctx.executor().schedule(() -> ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE), delay,
                TimeUnit.MILLISECONDS);
    }

    private static final class HttpWork extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            List<String> ms = new QueryStringDecoder(request.uri()).parameters().get("ms");
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    Unpooled.copiedBuffer("done", StandardCharsets.US_ASCII));
            response.headers().set(HttpHeaderNames.CONTENT_LENGTH, 4);
            answerLater(ctx, ms == null ? 0 : Long.parseLong(ms.get(0)), response);
        }
    }

    /** A request head, without its final blank line, in; a hand-written HTTP/1.1 response out. */
    @ChannelHandler.Sharable
    private static final class RawWork extends SimpleChannelInboundHandler<ByteBuf> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf head) {
            Matcher ms = MS.matcher(head.toString(StandardCharsets.US_ASCII));
            ByteBuf response = Unpooled.copiedBuffer("HTTP/1.1 200 OK\r\nContent-Length: 4\r\nConnection: close\r\n\r\n"
                    + "done", StandardCharsets.US_ASCII);
            answerLater(ctx, ms.find() ? Long.parseLong(ms.group(1)) : 0, response);
        }
    }
}
