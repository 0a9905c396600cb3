package dev.gracefulagent.testbed.undertow;

import io.undertow.Handlers;

/**
 * The same service with plain handlers only (GET /work blocking, GET /async async, /ws/echo and /ws/ticker
 * WebSockets), no servlets: it runs on
 * Undertow versions whose servlet layer is another API (2.2 is javax.servlet), to show the hooks there.
 */
public final class CoreTestbed {
    private CoreTestbed() {
    }

    public static void main(String[] args) throws Exception {
        Serving.start("testbed-undertow-core", Sockets.addTo(Handlers.path()
                .addExactPath("/work", new PlainWorkHandler())
                .addExactPath("/async", new AsyncWorkHandler())));
    }
}
