package org.eclipse.jetty.server;

import org.eclipse.jetty.util.Callback;

/** Stand-in for Jetty 12's {@code Response}: the integration resolves {@code writeError}, used after intake stops. */
public interface Response {
    static void writeError(Request request, Response response, Callback callback, int status) {
        throw new UnsupportedOperationException("the benchmark never stops intake");
    }
}
