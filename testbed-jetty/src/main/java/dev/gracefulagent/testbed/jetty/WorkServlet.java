package dev.gracefulagent.testbed.jetty;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** GET /work?ms=N: blocks its thread for N ms, then answers "done". */
public final class WorkServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            Thread.sleep(millis(request));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            response.sendError(500, "interrupted");
            return;
        }
        done(response);
    }

    static long millis(HttpServletRequest request) {
        String ms = request.getParameter("ms");
        return ms == null ? 0 : Long.parseLong(ms);
    }

    static void done(HttpServletResponse response) throws IOException {
        response.setContentType("text/plain");
        response.setContentLength(4);
        response.getWriter().write("done");
    }
}
