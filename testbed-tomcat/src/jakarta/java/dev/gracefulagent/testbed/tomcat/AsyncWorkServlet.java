package dev.gracefulagent.testbed.tomcat;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** GET /async?ms=N: releases the container thread and completes from a timer thread after N ms. */
public final class AsyncWorkServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) {
        long ms = Work.millis(request.getParameter("ms"));
        AsyncContext async = request.startAsync();
        async.setTimeout(ms + 60_000);
        Work.later(ms, () -> {
            try {
                WorkServlet.done((HttpServletResponse) async.getResponse());
            } catch (IOException e) {
                // the client went away
            } finally {
                async.complete();
            }
        });
    }
}
