package dev.gracefulagent.integration;

import dev.gracefulagent.core.Integration;
import dev.gracefulagent.integration.jetty.JettyIntegration;
import dev.gracefulagent.integration.websocket.WebSocketIntegration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Every integration the agent ships, in the order their intake is stopped and their resources closed. */
public final class Integrations {
    private Integrations() {
    }

    public static List<Integration> all() {
        return new ArrayList<Integration>(Arrays.<Integration>asList(
                new JettyIntegration(),
                new WebSocketIntegration()));
    }

    public static List<String> names() {
        List<String> names = new ArrayList<>();
        for (Integration integration : all()) {
            names.add(integration.name());
        }
        return names;
    }
}
