package dev.gracefulagent.testbed.jetty9;

import dev.gracefulagent.testbed.common.BackgroundWork;
import dev.gracefulagent.testbed.common.Database;
import dev.gracefulagent.testbed.common.DbServlet;
import dev.gracefulagent.testbed.common.JettyTransports;
import dev.gracefulagent.testbed.common.JobsServlet;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;

/**
 * An ordinary embedded Jetty service of the lines before 12, the kind users attach the agent to: it has no
 * shutdown code at all. PORT selects the port (default 8080), H2 and TLS_PORT add HTTP/2 and TLS (see
 * {@code Transports}), DB_URL the database (embedded H2 by default). The
 * same source runs on Jetty 9.4, 10 and 11; the build gives it the servlets for the line's servlet API and the
 * line's {@link WebSockets}: JSR-356 at /ws/echo and /ws/ticker, Jetty's own WebSocket API at /ws/jetty/echo and
 * /ws/jetty/ticker.
 */
public final class JettyTestbed {
    private JettyTestbed() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        Server server = new Server();
        JettyTransports.addConnectors(server, port);

        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(new ServletHolder(new WorkServlet()), "/work");
        ServletHolder async = new ServletHolder(new AsyncWorkServlet());
        async.setAsyncSupported(true);
        context.addServlet(async, "/async");
        Database database = Database.fromEnvironment();
        context.addServlet(new ServletHolder(new DbServlet(database)), "/db/*");
        ServletHolder jobs = new ServletHolder(new JobsServlet(database, BackgroundWork.start(database)));
        context.addServlet(jobs, "/jobs");
        context.addServlet(jobs, "/handoff");
        WebSockets.serve(context);
        server.setHandler(context);

        server.start();
        System.out.println("testbed-jetty9 ready on port " + port + " (Jetty " + Server.getVersion() + ")");
        server.join();
    }
}
