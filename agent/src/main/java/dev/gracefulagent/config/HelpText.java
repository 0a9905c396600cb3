package dev.gracefulagent.config;

import java.util.Collection;

/** The usage text and configuration table printed by {@code java -jar graceful-agent.jar}. */
public final class HelpText {
    private HelpText() {
    }

    public static String render(String version, Collection<String> integrationNames) {
        StringBuilder out = new StringBuilder();
        out.append("graceful-agent ").append(version).append('\n');
        out.append("Graceful shutdown for JVM services, without code changes.\n\n");
        out.append("Usage:\n");
        out.append("  java -javaagent:graceful-agent.jar[=key=value,...] -jar your-service.jar\n");
        out.append("  java -jar graceful-agent.jar attach <pid> [key=value,...]   load into a running JVM\n");
        out.append("  java -jar graceful-agent.jar [--help]                       this text\n\n");
        out.append("Settings (agent argument key, system property, environment variable; highest first):\n\n");
        out.append(markdownTable());
        out.append("\nIntegrations (names for ").append(Setting.EXCLUDE.property()).append("): ")
                .append(String.join(", ", integrationNames)).append('\n');
        out.append("Durations accept 500ms, 20s, 2m or plain milliseconds.\n");
        return out.toString();
    }

    /** The configuration table as Markdown; the README embeds the same table and a test keeps them equal. */
    public static String markdownTable() {
        StringBuilder out = new StringBuilder();
        out.append("| system property | agent argument | environment variable | default | accepts | meaning |\n");
        out.append("|---|---|---|---|---|---|\n");
        for (Setting s : Setting.values()) {
            out.append("| `").append(s.property()).append("` | `").append(s.key()).append("` | `")
                    .append(s.environmentVariable()).append("` | ")
                    .append(s.defaultValue().isEmpty() ? "(unset)" : "`" + s.defaultValue() + "`").append(" | ")
                    .append(s.type().accepted()).append(" | ").append(s.description()).append(" |\n");
        }
        return out.toString();
    }
}
