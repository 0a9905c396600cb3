package dev.gracefulagent.testbed.common;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.SQLException;

/** GET /jobs lists the background runs; POST /handoff?ms=N hands a run to an executor and answers 202 at once. */
public final class JobsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient Database database;
    private final transient BackgroundWork work;

    public JobsServlet(Database database, BackgroundWork work) {
        this.database = database;
        this.work = work;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException,
            ServletException {
        try {
            response.setContentType("text/plain");
            response.getWriter().write(database.jobs());
        } catch (SQLException e) {
            throw new ServletException(e);
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) {
        String ms = request.getParameter("ms");
        work.handOff(ms == null ? 0 : Long.parseLong(ms));
        response.setStatus(202);
    }
}
