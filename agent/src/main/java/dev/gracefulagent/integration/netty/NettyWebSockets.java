package dev.gracefulagent.integration.netty;

import dev.gracefulagent.bootstrap.Bridge;
import dev.gracefulagent.instrument.HookPoint;
import dev.gracefulagent.instrument.Instrumenter;
import dev.gracefulagent.integration.Reflection;
import dev.gracefulagent.integration.websocket.SessionControl;
import dev.gracefulagent.integration.websocket.Sessions;

/**
 * WebSocket sessions on Netty's own WebSocket codec, whichever framework sits on top (Reactor Netty under Spring
 * WebFlux, Vert.x, Micronaut, a hand-made pipeline): every server upgrade goes through
 * {@code WebSocketServerHandshaker.handshake}, and a session lasts from that handshake's success until its channel
 * closes. The close frame is written on the channel's event loop, through the whole pipeline to the frame encoder:
 * it goes out after the task the loop runs now (a message handler the framework runs there, and what that handler
 * wrote) and before anything later. Handlers a framework or the application runs on other threads are not seen.
 */
public final class NettyWebSockets implements SessionControl {
    private static final String WEBSOCKETX = "io.netty.handler.codec.http.websocketx.";
    private static final String HANDSHAKE_DESC = "(Lio/netty/channel/Channel;Lio/netty/handler/codec/http/"
            + "FullHttpRequest;Lio/netty/handler/codec/http/HttpHeaders;Lio/netty/channel/ChannelPromise;)"
            + "Lio/netty/channel/ChannelFuture;";

    @Override
    public void install(Instrumenter instrumenter, String integration, final Sessions sessions) {
        // the overload for a request still without its body ends in this one, once the body is aggregated
        instrumenter.hook(integration, HookPoint.atEntry((WEBSOCKETX + "WebSocketServerHandshaker").replace('.', '/'),
                "handshake", HANDSHAKE_DESC, 0, 1, 3), new Bridge.Hook() {
                    @Override
                    public boolean enter(Object handshaker, Object channel, Object request, Object promise) {
                        handshaking(sessions, channel, request, promise);
                        return false;
                    }
                });
    }

    /**
     * The session opens once the 101 answer was written (at once when the caller passed a void promise, which
     * takes no listener); it closes with its channel.
     */
    private static void handshaking(final Sessions sessions, Object channel, Object request, final Object promise) {
        final NettyApi api = NettyApi.forObject(channel);
        final Session session = new Session(api, channel, api.path(request));
        if (isVoid(promise)) {
            opened(sessions, session);
            return;
        }
        api.whenComplete(promise, new FutureListener() {
            @Override
            void completed() {
                if (isSuccess(promise)) {
                    opened(sessions, session);
                }
            }
        });
    }

    private static void opened(final Sessions sessions, final Session session) {
        sessions.opened(session);
        session.api.whenComplete(session.api.closeFuture(session.channel), new FutureListener() {
            @Override
            void completed() {
                sessions.closed(session);
            }
        });
    }

    @Override
    public String handlerFrame() {
        return WEBSOCKETX + "WebSocket08FrameDecoder.decode";
    }

    @Override
    public void close(Object session, final int code, final String reason) {
        final Session netty = (Session) session;
        netty.api.eventLoop(netty.channel).execute(new Runnable() {
            @Override
            public void run() {
                sendClose(netty, code, reason);
            }
        });
    }

    @Override
    public String path(Object session) {
        return ((Session) session).path;
    }

    /** On the event loop: the close frame, or, when it cannot be written, the connection closed without it. */
    private static void sendClose(final Session session, int code, String reason) {
        try {
            Class<?> frameType = Class.forName(WEBSOCKETX + "CloseWebSocketFrame", false,
                    session.channel.getClass().getClassLoader());
            Object frame = frameType.getConstructor(int.class, String.class).newInstance(code, reason);
            final Object written = Reflection.call(session.channel, "writeAndFlush", frame);
            session.api.whenComplete(written, new FutureListener() {
                @Override
                void completed() {
                    if (!isSuccess(written)) {
                        session.api.close(session.channel);
                    }
                }
            });
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            session.api.close(session.channel); // no close handshake will come: the drain must not wait for one
        }
    }

    private static boolean isVoid(Object promise) {
        try {
            return (Boolean) Reflection.call(promise, "isVoid");
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    private static boolean isSuccess(Object future) {
        try {
            return (Boolean) Reflection.call(future, "isSuccess");
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    /** The agent's record of one upgraded channel; the registry of {@link Sessions} holds it weakly. */
    private static final class Session {
        final NettyApi api;
        final Object channel;
        final String path;

        Session(NettyApi api, Object channel, String path) {
            this.api = api;
            this.channel = channel;
            this.path = path;
        }
    }
}
