package dev.gracefulagent.testbed.jetty;

import dev.gracefulagent.testbed.common.BackgroundWork;
import dev.gracefulagent.testbed.common.Database;
import dev.gracefulagent.testbed.common.DbServlet;
import dev.gracefulagent.testbed.common.EchoEndpoint;
import dev.gracefulagent.testbed.common.JobsServlet;
import dev.gracefulagent.testbed.common.Transports;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.ee10.websocket.server.config.JettyWebSocketServletContainerInitializer;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * An ordinary Jetty 12 service, the kind users attach the agent to: it has no shutdown code at all.
 * PORT selects the port (default 8080); H2 and TLS_PORT add HTTP/2 and a TLS listener (see {@link Transports}).
 */
public final class JettyTestbed {
    private JettyTestbed() {
    }

    /** HTTP/1.1 on {@code port}, with h2c (prior knowledge and upgrade) when asked; TLS with ALPN when asked. */
    private static void addConnectors(Server server, int port) {
        HttpConfiguration http = new HttpConfiguration();
        HttpConnectionFactory http1 = new HttpConnectionFactory(http);
        ServerConnector plain = Transports.http2()
                ? new ServerConnector(server, http1, new HTTP2CServerConnectionFactory(http))
                : new ServerConnector(server, http1);
        plain.setPort(port);
        server.addConnector(plain);
        if (Transports.tlsPort() == 0) {
            return;
        }
        SslContextFactory.Server keys = new SslContextFactory.Server();
        keys.setKeyStorePath(Transports.keyStore());
        keys.setKeyStorePassword(Transports.keyStorePassword());
        HttpConfiguration https = new HttpConfiguration(http);
        https.addCustomizer(new SecureRequestCustomizer(false));
        ServerConnector tls;
        if (Transports.http2()) {
            ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory("h2", "http/1.1");
            alpn.setDefaultProtocol("http/1.1");
            tls = new ServerConnector(server, new SslConnectionFactory(keys, alpn.getProtocol()), alpn,
                    new HTTP2ServerConnectionFactory(https), new HttpConnectionFactory(https));
        } else {
            tls = new ServerConnector(server, new SslConnectionFactory(keys, "http/1.1"), new HttpConnectionFactory(https));
        }
        tls.setPort(Transports.tlsPort());
        server.addConnector(tls);
    }

    public static void main(String[] args) throws Exception {
        LoggingSetup.apply();
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        Server server = new Server();
        addConnectors(server, port);

        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(WorkServlet.class, "/work");
        context.addServlet(AsyncWorkServlet.class, "/async");
        context.addServlet(ExitServlet.class, "/admin/exit");
        context.addServlet(StopLoggingServlet.class, "/admin/stop-logging");
        Database database = Database.fromEnvironment();
        context.addServlet(new ServletHolder(new DbServlet(database)), "/db/*");
        ServletHolder jobs = new ServletHolder(new JobsServlet(database, BackgroundWork.start(database)));
        context.addServlet(jobs, "/jobs");
        context.addServlet(jobs, "/handoff");
        context.addServlet(TickerServlet.class, "/ws/ticker");
        JettyWebSocketServletContainerInitializer.configure(context, null);
        JakartaWebSocketServletContainerInitializer.configure(context,
                (servletContext, container) -> container.addEndpoint(EchoEndpoint.class));
        server.setHandler(context);

        server.start();
        System.out.println("testbed-jetty ready on port " + port);
        server.join();
    }
}
