package dev.gracefulagent.instrument;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.security.CodeSource;
import java.util.Arrays;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Reads the agent's own resources from its jar directly: a class loader resource lookup would first search the
 * JDK's module image, which costs milliseconds at start-up.
 */
public final class AgentJar {
    private AgentJar() {
    }

    /** The resource's bytes; an IOException when it is missing. */
    public static byte[] read(String resource) throws IOException {
        File jar = agentJar();
        if (jar == null) {
            try (InputStream in = AgentJar.class.getClassLoader().getResourceAsStream(resource)) {
                return readAll(in, resource);
            }
        }
        try (JarFile jarFile = new JarFile(jar)) {
            JarEntry entry = jarFile.getJarEntry(resource);
            try (InputStream in = entry == null ? null : jarFile.getInputStream(entry)) {
                return readAll(in, resource);
            }
        }
    }

    /**
     * This build of the agent, as its jar's size and modification time (a rebuilt jar differs even when its
     * version does not); null when the agent runs from a directory.
     */
    public static String build() {
        File jar = agentJar();
        return jar == null ? null : jar.length() + "-" + jar.lastModified();
    }

    /** The agent jar, or null when the agent runs from a directory (its unit tests). */
    private static File agentJar() {
        CodeSource source = AgentJar.class.getProtectionDomain().getCodeSource();
        if (source == null || !source.getLocation().getPath().endsWith(".jar")) {
            return null;
        }
        try {
            return new File(source.getLocation().toURI());
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static byte[] readAll(InputStream in, String resource) throws IOException {
        if (in == null) {
            throw new IOException("missing " + resource + " in the agent jar");
        }
        return readAll(in);
    }

    /**
     * Everything {@code in} holds, read into an array of the size the stream announces (a class file from the
     * module image or a jar entry announces its whole size), so that reading a class file at start-up allocates
     * it once instead of several doubling buffers and a copy.
     */
    static byte[] readAll(InputStream in) throws IOException {
        byte[] bytes = new byte[Math.max(in.available(), 512)];
        int length = 0;
        while (true) {
            int n = in.read(bytes, length, bytes.length - length);
            if (n < 0) {
                break;
            }
            length += n;
            if (length == bytes.length) {
                int next = in.read();
                if (next < 0) {
                    break;
                }
                bytes = Arrays.copyOf(bytes, bytes.length * 2);
                bytes[length++] = (byte) next;
            }
        }
        return length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
    }
}
