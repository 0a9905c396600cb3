package dev.gracefulagent.testbed.grpc;

import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;

/**
 * An ordinary grpc-java service on grpc-netty-shaded, the kind users attach the agent to: one server with the
 * {@link WorkService}, its main thread waiting for the server to terminate (gRPC's threads are daemons), no
 * shutdown hook or other shutdown code. PORT selects the port (default 8080).
 */
public final class GrpcTestbed {
    private GrpcTestbed() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        Server server = Grpc.newServerBuilderForPort(port, InsecureServerCredentials.create())
                .addService(WorkService.definition())
                .build()
                .start();
        System.out.println("testbed-grpc ready on port " + server.getPort() + " (grpc-java "
                + io.grpc.internal.GrpcUtil.getGrpcBuildVersion().getImplementationVersion() + ")");
        server.awaitTermination();
    }
}
