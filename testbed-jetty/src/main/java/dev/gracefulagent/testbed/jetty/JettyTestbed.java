package dev.gracefulagent.testbed.jetty;

import dev.gracefulagent.testbed.common.BackgroundWork;
import dev.gracefulagent.testbed.common.Database;
import dev.gracefulagent.testbed.common.DbServlet;
import dev.gracefulagent.testbed.common.EchoEndpoint;
import dev.gracefulagent.testbed.common.JobsServlet;
import dev.gracefulagent.testbed.common.JettyTransports;
import dev.gracefulagent.testbed.common.Transports;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.ee10.websocket.server.config.JettyWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;

/**
 * An ordinary Jetty 12 service, the kind users attach the agent to: it has no shutdown code at all.
 * PORT selects the port (default 8080); H2 and TLS_PORT add HTTP/2 and a TLS listener (see {@link Transports}).
 */
public final class JettyTestbed {
    private JettyTestbed() {
    }

    public static void main(String[] args) throws Exception {
        LoggingSetup.apply();
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        Server server = new Server();
        JettyTransports.addConnectors(server, port);

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
