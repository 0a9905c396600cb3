package dev.gracefulagent.testbed.undertow;

import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.handlers.PathHandler;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.DeploymentManager;

/**
 * An ordinary Undertow 2.3 service, the kind users attach the agent to: a servlet deployment and a plain
 * {@code HttpHandler} behind one listener, no {@code GracefulShutdownHandler}, no shutdown code at all.
 * PORT selects the port (default 8080).
 */
public final class UndertowTestbed {
    /** Enough workers that every request of the end-to-end tests runs at once instead of queueing. */
    private static final int WORKER_THREADS = 128;

    private UndertowTestbed() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));

        DeploymentInfo servlets = Servlets.deployment()
                .setClassLoader(UndertowTestbed.class.getClassLoader())
                .setContextPath("/")
                .setDeploymentName("testbed")
                .addServlets(
                        Servlets.servlet("work", WorkServlet.class).addMapping("/work"),
                        Servlets.servlet("async", WorkServlet.class).addMapping("/async").setAsyncSupported(true));
        DeploymentManager deployment = Servlets.defaultContainer().addDeployment(servlets);
        deployment.deploy();

        PathHandler routes = Handlers.path(deployment.start())
                .addExactPath("/plain", new PlainWorkHandler());

        Undertow server = Undertow.builder()
                .addHttpListener(port, "0.0.0.0")
                .setWorkerThreads(WORKER_THREADS)
                .setHandler(routes)
                .build();
        server.start();
        System.out.println("testbed-undertow ready on port " + port);
    }
}
