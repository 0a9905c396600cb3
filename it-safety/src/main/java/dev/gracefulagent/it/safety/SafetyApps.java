package dev.gracefulagent.it.safety;

import dev.gracefulagent.testbed.support.UnknownServer;

/** One jar, several small services; env {@code APP} picks one. None has shutdown code of its own. */
public final class SafetyApps {
    private SafetyApps() {
    }

    public static void main(String[] args) throws Exception {
        String app = System.getenv().getOrDefault("APP", "");
        switch (app) {
            case "unknown-server":
                UnknownServer.main(args);
                break;
            case "partial-library":
                PartialLibraryApp.main(args);
                break;
            case "pool-in-hook":
                PoolInHookApp.main(args);
                break;
            case "feeder":
                FeederApp.main(args);
                break;
            case "heartbeat":
                HeartbeatApp.main(args);
                break;
            case "netty-epoll":
                NettyApp.main(false, NettyApp.Transport.EPOLL);
                break;
            case "netty-epoll-http":
                NettyApp.main(true, NettyApp.Transport.EPOLL);
                break;
            case "netty-io_uring":
                NettyApp.main(false, NettyApp.Transport.IO_URING);
                break;
            case "netty-io_uring-http":
                NettyApp.main(true, NettyApp.Transport.IO_URING);
                break;
            case "netty-nio":
                NettyApp.main(false, NettyApp.Transport.NIO);
                break;
            default:
                throw new IllegalArgumentException("APP: '" + app + "' is not accepted; expected unknown-server,"
                        + " partial-library, pool-in-hook, feeder, heartbeat, netty-epoll, netty-epoll-http,"
                        + " netty-io_uring, netty-io_uring-http or netty-nio");
        }
    }

    static int port() {
        return Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
