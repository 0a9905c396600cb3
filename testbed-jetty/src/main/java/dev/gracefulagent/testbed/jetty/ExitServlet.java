package dev.gracefulagent.testbed.jetty;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * GET /admin/exit?code=N[&from=background]: System.exit(N), as a framework's admin endpoint would, from the
 * request thread itself or from a background thread.
 */
public final class ExitServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) {
        int code = Integer.parseInt(request.getParameter("code"));
        if ("background".equals(request.getParameter("from"))) {
            Thread exiter = new Thread(() -> System.exit(code), "background-exit");
            exiter.start();
            response.setStatus(202);
            return;
        }
        System.exit(code);
    }
}
