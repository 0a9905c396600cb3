package dev.gracefulagent.testbed.tomcat;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** GET /work?ms=N: blocks its thread for N ms, then answers "done". */
public final class WorkServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!Work.block(Work.millis(request.getParameter("ms")))) {
            response.sendError(500, "interrupted");
            return;
        }
        done(response);
    }

    static void done(HttpServletResponse response) throws IOException {
        response.setContentType("text/plain");
        response.setContentLength(Work.DONE.length());
        response.getWriter().write(Work.DONE);
    }
}
