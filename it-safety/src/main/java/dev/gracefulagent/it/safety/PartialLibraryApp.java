package dev.gracefulagent.it.safety;

import org.eclipse.jetty.server.Server;

/** Serves {@code /work?ms=N} with a library whose hook points are only partly those the agent knows. */
final class PartialLibraryApp {
    private PartialLibraryApp() {
    }

    static void main(String[] args) throws Exception {
        new Server(SafetyApps.port()).start();
        System.out.println("partial library ready on port " + SafetyApps.port());
    }
}
