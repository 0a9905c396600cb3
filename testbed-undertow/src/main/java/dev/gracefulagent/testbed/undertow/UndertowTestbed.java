package dev.gracefulagent.testbed.undertow;

import dev.gracefulagent.testbed.common.BackgroundWork;
import dev.gracefulagent.testbed.common.Database;
import dev.gracefulagent.testbed.common.DbServlet;
import dev.gracefulagent.testbed.common.JobsServlet;
import io.undertow.Handlers;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.DeploymentManager;
import io.undertow.servlet.util.ImmediateInstanceFactory;

/**
 * An ordinary Undertow 2.3 service, the kind users attach the agent to: a servlet deployment (GET /work,
 * GET /async, POST /db/write, GET /db/count), plain {@code HttpHandler}s (GET /plain, GET /admin/exit) and
 * WebSocket endpoints of Undertow's core API (/ws/echo, /ws/ticker) behind one listener, no
 * {@code GracefulShutdownHandler}, no shutdown code at all.
 */
public final class UndertowTestbed {
    private UndertowTestbed() {
    }

    public static void main(String[] args) throws Exception {
        Database database = Database.fromEnvironment();
        DeploymentInfo servlets = Servlets.deployment()
                .setClassLoader(UndertowTestbed.class.getClassLoader())
                .setContextPath("/")
                .setDeploymentName("testbed")
                .addServlets(
                        Servlets.servlet("work", WorkServlet.class).addMapping("/work"),
                        Servlets.servlet("async", WorkServlet.class).addMapping("/async").setAsyncSupported(true),
                        Servlets.servlet("db", DbServlet.class, new ImmediateInstanceFactory<>(new DbServlet(database)))
                                .addMapping("/db/*"),
                        Servlets.servlet("jobs", JobsServlet.class, new ImmediateInstanceFactory<>(
                                new JobsServlet(database, BackgroundWork.start(database))))
                                .addMappings("/jobs", "/handoff"));
        DeploymentManager deployment = Servlets.defaultContainer().addDeployment(servlets);
        deployment.deploy();

        Serving.start("testbed-undertow", Sockets.addTo(Handlers.path(deployment.start())
                .addExactPath("/plain", new PlainWorkHandler())
                .addExactPath("/admin/exit", new ExitHandler())));
    }
}
