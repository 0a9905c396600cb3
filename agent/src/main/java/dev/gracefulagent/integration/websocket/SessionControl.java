package dev.gracefulagent.integration.websocket;

import dev.gracefulagent.instrument.Instrumenter;

/**
 * One container's WebSocket session implementation, as the shared {@link Sessions} logic needs it: hooks that
 * report sessions opening and closing and messages being handled, and the container's own thread-safe close.
 */
public interface SessionControl {
    /** Places the hooks that report to {@code sessions}, under the integration's name. */
    void install(Instrumenter instrumenter, String integration, Sessions sessions);

    /** A frame ("class.method") on the stack of a thread while it runs a message handler of this container. */
    String handlerFrame();

    /** Starts the close handshake: a close frame with {@code code} and {@code reason}; callable from any thread. */
    void close(Object session, int code, String reason) throws Exception;

    /** The session's request path, e.g. "/ws/echo", without the query string. */
    String path(Object session) throws Exception;
}
