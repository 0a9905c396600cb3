package dev.gracefulagent.testbed.common;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Mapped to /db/*: POST /db/write?ms=N answers the new row's id; GET /db/count the number of rows. Shared by the
 * testbeds whose containers run Jakarta Servlet deployments.
 */
public final class DbServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient Database database;

    public DbServlet(Database database) {
        this.database = database;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException,
            ServletException {
        serve(request, response, "/write", () -> database.write(millis(request)));
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException,
            ServletException {
        serve(request, response, "/count", database::count);
    }

    private static long millis(HttpServletRequest request) {
        String ms = request.getParameter("ms");
        return ms == null ? 0 : Long.parseLong(ms);
    }

    private interface Query {
        long run() throws Exception;
    }

    private static void serve(HttpServletRequest request, HttpServletResponse response, String path, Query query)
            throws IOException, ServletException {
        if (!path.equals(request.getPathInfo())) {
            response.sendError(404);
            return;
        }
        long value;
        try {
            value = query.run();
        } catch (Exception e) {
            throw new ServletException(e);
        }
        answer(response, value);
    }

    private static void answer(HttpServletResponse response, long value) throws IOException {
        response.setContentType("text/plain");
        response.getWriter().write(Long.toString(value));
    }
}
