package dev.gracefulagent.integration.netty;

/**
 * What runs once a Netty future completed, successfully or not, on the channel's event loop: the task of the
 * listener {@link NettyApi#whenComplete} adds (the agent does not link against Netty's listener type).
 */
abstract class FutureListener implements Runnable {
    abstract void completed();

    @Override
    public final void run() {
        completed();
    }
}
