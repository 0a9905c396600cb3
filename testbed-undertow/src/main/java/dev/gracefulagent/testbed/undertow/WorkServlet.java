package dev.gracefulagent.testbed.undertow;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * GET /work?ms=N blocks its worker thread for N ms; GET /async?ms=N (mapped with async support) releases it
 * and completes from a timer thread after N ms. Both answer "done".
 */
public final class WorkServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        long ms = Work.millis(request.getParameter("ms"));
        if (request.isAsyncSupported()) {
            AsyncContext async = request.startAsync();
            async.setTimeout(ms + 60_000);
            Work.completeAfter(ms, () -> complete(async));
            return;
        }
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            response.sendError(500, "interrupted");
            return;
        }
        answer(response);
    }

    private static void complete(AsyncContext async) {
        try {
            answer((HttpServletResponse) async.getResponse());
        } catch (IOException e) {
            // the client went away
        } finally {
            async.complete();
        }
    }

    private static void answer(HttpServletResponse response) throws IOException {
        response.setContentType("text/plain");
        response.setContentLength(Work.DONE.length());
        response.getWriter().write(Work.DONE);
    }
}
