package dev.gracefulagent.core;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Best-effort start-up check (Linux /proc) for set-ups where a process manager's SIGTERM never reaches the JVM:
 * a shell that runs as PID 1 (a container's shell-form ENTRYPOINT) or an npm/yarn wrapper does not forward
 * signals to its child unless it {@code exec}s it.
 */
public final class SignalReachability {
    private static final List<String> SHELLS = Arrays.asList("sh", "bash", "dash", "ash", "zsh", "ksh");
    /** Process names start with these; npm sets its title to e.g. "npm start". */
    private static final List<String> WRAPPERS = Arrays.asList("npm", "npx", "yarn", "pnpm");

    private SignalReachability() {
    }

    /** A warning for the operator, or null when the parent looks like it delivers signals. */
    public static String check() {
        try {
            int parent = parentOf("self");
            String parentName = commandName(parent);
            if (isWrapper(parentName)) {
                return "the JVM was started by " + parentName + ", which does not forward SIGTERM to it; start java"
                        + " directly (or exec it) so a stop reaches the agent";
            }
            if (SHELLS.contains(parentName)) {
                if (parent == 1) {
                    return "the JVM's parent is a " + parentName + " running as PID 1 (a shell-form ENTRYPOINT or"
                            + " CMD?): it does not forward SIGTERM; use the exec form or 'exec java ...'";
                }
                String grandparent = commandName(parentOf(Integer.toString(parent)));
                if (isWrapper(grandparent)) {
                    return "the JVM was started by " + grandparent + " through a " + parentName + ", which do not"
                            + " forward SIGTERM to it; 'exec java ...' in the script, or start java directly";
                }
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return null; // not Linux, or /proc not readable: nothing to say
        }
    }

    private static boolean isWrapper(String processName) {
        for (String wrapper : WRAPPERS) {
            if (processName.equals(wrapper) || processName.startsWith(wrapper + " ")) {
                return true;
            }
        }
        return false;
    }

    private static int parentOf(String pid) throws IOException {
        String stat = read("/proc/" + pid + "/stat");
        // "pid (comm) state ppid ...": comm may contain spaces and parentheses, so parse after the last ')'
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(fields[1]);
    }

    private static String commandName(int pid) throws IOException {
        return read("/proc/" + pid + "/comm").trim();
    }

    private static String read(String path) throws IOException {
        File file = new File(path);
        byte[] buffer = new byte[512];
        try (InputStream in = new FileInputStream(file)) {
            int n = in.read(buffer);
            return new String(buffer, 0, Math.max(n, 0), StandardCharsets.UTF_8);
        }
    }
}
