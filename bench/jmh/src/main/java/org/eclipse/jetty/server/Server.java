package org.eclipse.jetty.server;

/** Stand-in for Jetty's {@code Server}: the object the woven {@code Server.handle} passes to the hook. */
public class Server {
}
