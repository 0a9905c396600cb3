package dev.gracefulagent.jmx;

import java.util.Map;

/** Read-only view of the agent for JMX consoles: nothing here can start or alter a shutdown. */
public interface GracefulShutdownMXBean {
    /** "running", then the phase of the shutdown: notice, stop intake, drain, close, exit. */
    String getState();

    boolean isReady();

    /** Work in flight per integration and kind, e.g. "jetty requests" → 3. */
    Map<String, Integer> getInFlight();
}
