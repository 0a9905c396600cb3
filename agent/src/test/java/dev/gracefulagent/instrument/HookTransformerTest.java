package dev.gracefulagent.instrument;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gracefulagent.bootstrap.Bridge;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Weaves {@link Sample} for real and runs it through the verifier in a fresh class loader. */
class HookTransformerTest {
    private static final String SAMPLE = Sample.class.getName();

    private final List<Object[]> seen = new ArrayList<>();
    private volatile boolean skip;

    private final Bridge.Hook recorder = new Bridge.Hook() {
        @Override
        public boolean enter(Object self, Object a, Object b, Object c) {
            seen.add(new Object[] {self, a, b, c});
            return skip;
        }
    };

    private Class<?> weave(HookPoint... points) throws IOException, ClassNotFoundException {
        HookTransformer transformer = new HookTransformer();
        for (HookPoint point : points) {
            transformer.hook("sample", point, recorder);
        }
        byte[] original;
        try (InputStream in = getClass().getResourceAsStream("Sample.class")) {
            original = in.readAllBytes();
        }
        byte[] woven = transformer.transform(null, SAMPLE.replace('.', '/'), null, null, original);
        return new ClassLoader(getClass().getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (name.equals(SAMPLE)) {
                    return defineClass(name, woven, 0, woven.length);
                }
                return super.loadClass(name, resolve);
            }
        }.loadClass(SAMPLE);
    }

    @Test
    void entryHookSeesThisAndChosenArguments() throws Exception {
        Class<?> woven = weave(HookPoint.atEntry(SAMPLE, "handle", "(Ljava/lang/String;Ljava/lang/Object;)Z", 1, 0));
        Object sample = woven.getConstructor().newInstance();
        Object response = new Object();
        assertEquals(false, woven.getMethod("handle", String.class, Object.class).invoke(sample, "x", response));
        assertEquals(1, seen.size());
        assertSame(sample, seen.get(0)[0]);
        assertSame(response, seen.get(0)[1]);
        assertEquals("x", seen.get(0)[2]);
        assertNull(seen.get(0)[3]);
        assertEquals(1, woven.getField("calls").get(sample));
    }

    @Test
    void aSkippingHookAnswersTheCallItself() throws Exception {
        Class<?> woven = weave(HookPoint.atEntry(SAMPLE, "handle", "(Ljava/lang/String;Ljava/lang/Object;)Z", 0)
                .skippingWith(true));
        Object sample = woven.getConstructor().newInstance();
        Method handle = woven.getMethod("handle", String.class, Object.class);
        skip = true;
        assertEquals(true, handle.invoke(sample, "not empty", null));
        assertEquals(0, woven.getField("calls").get(sample), "the original body must not run");
        skip = false;
        assertEquals(false, handle.invoke(sample, "not empty", null));
        assertEquals(1, woven.getField("calls").get(sample));
    }

    @Test
    void aMethodWhoseCodeStartsWithAFramePassesTheVerifier() throws Exception {
        Class<?> woven = weave(HookPoint.atEntry(SAMPLE, "loopFirst", "(Ljava/lang/String;)V", 0).skippingWith(false));
        Object sample = woven.getConstructor().newInstance();
        woven.getMethod("loopFirst", String.class).invoke(sample, "l");
        assertEquals(3, woven.getField("calls").get(sample));
        skip = true;
        woven.getMethod("loopFirst", String.class).invoke(sample, "l");
        assertEquals(3, woven.getField("calls").get(sample));
    }

    @Test
    void staticMethodsPassNullForThisAndSkipPrimitiveArguments() throws Exception {
        Class<?> woven = weave(HookPoint.atEntry(SAMPLE, "statik", "(Ljava/lang/Object;JLjava/lang/Object;)J", 0, 1, 2));
        Object a = new Object();
        Object c = new Object();
        assertEquals(7L, woven.getMethod("statik", Object.class, long.class, Object.class).invoke(null, a, 7L, c));
        assertArrayEquals(new Object[] {null, a, null, c}, seen.get(0));
    }

    @Test
    void otherClassesAreNotTouched() {
        HookTransformer transformer = new HookTransformer();
        transformer.hook("sample", HookPoint.atEntry(SAMPLE, "handle", "()V"), recorder);
        assertNull(transformer.transform(null, "java/lang/String", null, null, new byte[0]));
    }

    @Test
    void aClassThatCannotBeWovenIsLeftAloneAndItsIntegrationSkipped() {
        HookTransformer transformer = new HookTransformer();
        transformer.hook("sample", HookPoint.atEntry(SAMPLE, "handle", "()V"), recorder);
        assertNull(transformer.transform(null, SAMPLE.replace('.', '/'), null, null, new byte[] {1, 2, 3}));
        assertTrue(transformer.failedIntegrations().contains("sample"));
    }
}
