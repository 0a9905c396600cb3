package dev.gracefulagent.testbed.jetty;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** GET /async?ms=N: releases the container thread and completes from a timer thread after N ms. */
public final class AsyncWorkServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "async-completer");
        t.setDaemon(true);
        return t;
    });

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) {
        long ms = WorkServlet.millis(request);
        AsyncContext async = request.startAsync();
        async.setTimeout(ms + 60_000);
        TIMER.schedule(() -> {
            try {
                WorkServlet.done((HttpServletResponse) async.getResponse());
            } catch (IOException e) {
                // the client went away
            } finally {
                async.complete();
            }
        }, ms, TimeUnit.MILLISECONDS);
    }
}
