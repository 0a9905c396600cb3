package dev.gracefulagent.testbed.grpc;

import dev.gracefulagent.testbed.support.ServiceProcess;
import java.nio.file.Path;

/**
 * The same with the plain grpc-netty transport (testbed-grpc-netty.jar, on io.netty, not the relocated copy): its
 * HTTP/2 handler and server channel are Netty's own classes, which the netty integration also sees, so this shows
 * that the two integrations do not get in each other's way (gRPC's handler is left to the grpc integration).
 */
class GrpcNettyShutdownIT extends GrpcShutdownIT {
    @Override
    protected Path testbedJar() {
        return ServiceProcess.testbedJar("testbed-grpc-netty");
    }
}
