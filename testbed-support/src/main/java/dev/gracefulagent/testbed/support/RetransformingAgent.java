package dev.gracefulagent.testbed.support;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * A second Java agent of the kind services also carry (APM agents): at start-up it retransforms the JDK's class
 * loaders, executors and socket channels that are loaded, with a transformer that stays registered and changes
 * nothing, and prints how many it retransformed. {@link #jar} packages it for {@code -javaagent:}.
 */
public final class RetransformingAgent {
    private RetransformingAgent() {
    }

    public static void premain(String arguments, Instrumentation instrumentation) throws UnmodifiableClassException {
        instrumentation.addTransformer(new Unchanged(), true);
        List<Class<?>> classes = new ArrayList<>();
        for (Class<?> c : instrumentation.getAllLoadedClasses()) {
            String name = c.getName();
            if (instrumentation.isModifiableClass(c) && (name.startsWith("java.lang.ClassLoader")
                    || name.equals("java.lang.ModuleLayer") || name.startsWith("java.util.concurrent.")
                    || name.startsWith("sun.nio.ch."))) {
                classes.add(c);
            }
        }
        instrumentation.retransformClasses(classes.toArray(new Class<?>[0]));
        System.err.println("retransforming agent: retransformed " + classes.size() + " classes");
    }

    /** The agent jar, written into {@code dir}. */
    public static Path jar(Path dir) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(new Attributes.Name("Premain-Class"), RetransformingAgent.class.getName());
        manifest.getMainAttributes().put(new Attributes.Name("Can-Retransform-Classes"), "true");
        Path jar = dir.resolve("retransforming-agent.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            for (Class<?> c : new Class<?>[] {RetransformingAgent.class, Unchanged.class}) {
                String entry = c.getName().replace('.', '/') + ".class";
                out.putNextEntry(new JarEntry(entry));
                try (InputStream in = c.getClassLoader().getResourceAsStream(entry)) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        }
        return jar;
    }

    private static final class Unchanged implements ClassFileTransformer {
        @Override
        public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
                                ProtectionDomain protectionDomain, byte[] classfileBuffer) {
            return null;
        }
    }
}
