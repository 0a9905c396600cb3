package dev.gracefulagent.testbed.jetty9;

import dev.gracefulagent.testbed.common.EchoEndpoint;
import dev.gracefulagent.testbed.common.TickerEndpoint;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.eclipse.jetty.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.websocket.server.JettyWebSocketServlet;
import org.eclipse.jetty.websocket.server.JettyWebSocketServletFactory;
import org.eclipse.jetty.websocket.server.config.JettyWebSocketServletContainerInitializer;

/**
 * The WebSocket endpoints on Jetty 10 and 11 (websocket-core): JSR-356 at /ws/echo and /ws/ticker, Jetty's own
 * API at /ws/jetty/echo and /ws/jetty/ticker. Written for 11's {@code jakarta.websocket}; the Jetty 10 build
 * moves it to {@code javax.websocket}.
 */
final class WebSockets {
    private WebSockets() {
    }

    static void serve(ServletContextHandler context) {
        context.addServlet(new ServletHolder(new JettyApiServlet(JettyEchoSocket.class)), "/ws/jetty/echo");
        context.addServlet(new ServletHolder(new JettyApiServlet(JettyTickerSocket.class)), "/ws/jetty/ticker");
        JettyWebSocketServletContainerInitializer.configure(context, null);
        JakartaWebSocketServletContainerInitializer.configure(context, (servletContext, container) -> {
            container.addEndpoint(EchoEndpoint.class);
            container.addEndpoint(TickerEndpoint.class);
        });
    }

    /** Upgrades its requests to one endpoint class of Jetty's API. */
    private static final class JettyApiServlet extends JettyWebSocketServlet {
        private static final long serialVersionUID = 1L;
        private final Class<?> endpoint;

        JettyApiServlet(Class<?> endpoint) {
            this.endpoint = endpoint;
        }

        @Override
        protected void configure(JettyWebSocketServletFactory factory) {
            factory.register(endpoint);
        }
    }
}
