package dev.gracefulagent;

import dev.gracefulagent.config.Config;
import dev.gracefulagent.config.ConfigException;
import dev.gracefulagent.integration.Integrations;
import java.io.File;
import java.net.URISyntaxException;
import java.util.Properties;
import net.bytebuddy.agent.ByteBuddyAgent;

/** {@code java -jar graceful-agent.jar attach <pid> [key=value,...]}: loads the agent into a running JVM. */
final class Attach {
    private Attach() {
    }

    static int run(String[] args) {
        if (args.length < 2 || args.length > 3 || !args[1].matches("\\d+")) {
            System.err.println("[graceful] ERROR usage: java -jar graceful-agent.jar attach <pid> [key=value,...]");
            return 2;
        }
        String options = args.length == 3 ? args[2] : "";
        try {
            // refuse bad options here, where the operator sees the line, not in the target's stderr
            Config.parse(options, new Properties(), java.util.Collections.<String, String>emptyMap(),
                    Integrations.names());
        } catch (ConfigException e) {
            System.err.println("[graceful] ERROR " + e.getMessage());
            return 2;
        }
        try {
            ByteBuddyAgent.attach(agentJar(), args[1], options.isEmpty() ? null : options);
        } catch (RuntimeException | URISyntaxException e) {
            System.err.println("[graceful] ERROR could not attach to " + args[1] + ": " + e);
            return 1;
        }
        System.out.println("[graceful] attached to " + args[1] + "; its stderr shows the agent's lines");
        return 0;
    }

    private static File agentJar() throws URISyntaxException {
        return new File(Attach.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
