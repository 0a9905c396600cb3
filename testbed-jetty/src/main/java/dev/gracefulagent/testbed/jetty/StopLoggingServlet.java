package dev.gracefulagent.testbed.jetty;

import ch.qos.logback.classic.LoggerContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.LoggerFactory;

/** GET /admin/stop-logging: stops Logback, as a framework's shutdown does; then probes System.err. */
public final class StopLoggingServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) {
        ((LoggerContext) LoggerFactory.getILoggerFactory()).stop();
        System.err.println("STDERR-PROBE after Logback stopped");
        response.setStatus(200);
    }
}
