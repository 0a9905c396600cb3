package dev.gracefulagent.testbed.jetty9;

import dev.gracefulagent.testbed.common.EchoEndpoint;
import dev.gracefulagent.testbed.common.TickerEndpoint;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.eclipse.jetty.websocket.jsr356.server.deploy.WebSocketServerContainerInitializer;
import org.eclipse.jetty.websocket.servlet.WebSocketServlet;
import org.eclipse.jetty.websocket.servlet.WebSocketServletFactory;

/**
 * The WebSocket endpoints on Jetty 9.4: JSR-356 ({@code javax.websocket}) at /ws/echo and /ws/ticker, Jetty's
 * own API at /ws/jetty/echo and /ws/jetty/ticker.
 */
final class WebSockets {
    private WebSockets() {
    }

    static void serve(ServletContextHandler context) {
        context.addServlet(new ServletHolder(new JettyApiServlet(JettyEchoSocket.class)), "/ws/jetty/echo");
        context.addServlet(new ServletHolder(new JettyApiServlet(JettyTickerSocket.class)), "/ws/jetty/ticker");
        WebSocketServerContainerInitializer.configure(context, (servletContext, container) -> {
            container.addEndpoint(EchoEndpoint.class);
            container.addEndpoint(TickerEndpoint.class);
        });
    }

    /** Upgrades its requests to one endpoint class of Jetty's API. */
    private static final class JettyApiServlet extends WebSocketServlet {
        private static final long serialVersionUID = 1L;
        private final Class<?> endpoint;

        JettyApiServlet(Class<?> endpoint) {
            this.endpoint = endpoint;
        }

        @Override
        public void configure(WebSocketServletFactory factory) {
            factory.register(endpoint);
        }
    }
}
