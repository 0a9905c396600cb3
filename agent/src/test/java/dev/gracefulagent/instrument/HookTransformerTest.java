package dev.gracefulagent.instrument;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gracefulagent.bootstrap.Bridge;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
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

    private final List<Object> taskEvents = new ArrayList<>();
    private volatile Object skipTask;

    private final Bridge.TaskHook taskRecorder = new Bridge.TaskHook() {
        @Override
        public Object begin(Object self, Runnable task) {
            taskEvents.add("begin");
            taskEvents.add(self);
            taskEvents.add(task);
            return task == skipTask ? Bridge.SKIP : "token";
        }

        @Override
        public void end(Object token) {
            taskEvents.add("end " + token);
        }
    };

    private Class<?> weave(HookPoint... points) throws IOException, ClassNotFoundException {
        HookTransformer transformer = new HookTransformer();
        for (HookPoint point : points) {
            if (point.kind == HookPoint.Kind.TASK_CALL) {
                transformer.hookTasks("sample", point, taskRecorder);
            } else {
                transformer.hook("sample", point, recorder);
            }
        }
        return weave(transformer);
    }

    private Class<?> weave(HookTransformer transformer) throws IOException, ClassNotFoundException {
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
    void aDeferredInstallRunsOnceWhenItsFirstClassLoadsAndItsHooksAreWoven() throws Exception {
        final HookTransformer transformer = new HookTransformer();
        final List<String> installs = new ArrayList<>();
        transformer.installWhenLoaded("sample", Arrays.asList(SAMPLE, "org.example.Absent"), new Runnable() {
            @Override
            public void run() {
                installs.add("sample");
                transformer.hook("sample", HookPoint.atEntry(SAMPLE, "handle", "(Ljava/lang/String;Ljava/lang/Object;)Z"),
                        recorder);
            }
        });
        assertNull(transformer.transform(null, "java/lang/String", null, null, new byte[0]));
        assertEquals(List.of(), installs, "no install before one of its classes loads");
        Class<?> woven = weave(transformer);
        woven.getMethod("handle", String.class, Object.class).invoke(woven.getConstructor().newInstance(), "x", null);
        assertEquals(1, seen.size());
        weave(transformer);
        assertEquals(List.of("sample"), installs);
    }

    @Test
    void aFailingDeferredInstallSwitchesItsIntegrationOff() throws Exception {
        HookTransformer transformer = new HookTransformer();
        transformer.installWhenLoaded("sample", List.of(SAMPLE), new Runnable() {
            @Override
            public void run() {
                throw new IllegalStateException("broken");
            }
        });
        transformer.hook("other", HookPoint.atEntry(SAMPLE, "handle", "(Ljava/lang/String;Ljava/lang/Object;)Z"),
                recorder);
        Class<?> woven = weave(transformer);
        woven.getMethod("handle", String.class, Object.class).invoke(woven.getConstructor().newInstance(), "x", null);
        assertEquals(1, seen.size(), "the other integration's hook still works");
        assertTrue(transformer.isSwitchedOff("sample"));
        assertTrue(!transformer.isSwitchedOff("other"));
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

    @Test
    void aReturnHookSeesTheInitializedObjectAtEachNormalReturn() throws Exception {
        Class<?> woven = weave(HookPoint.atReturn(SAMPLE, "<init>", "(Ljava/lang/Object;)V", 0));
        Object tagged = woven.getConstructor(Object.class).newInstance("t");
        assertEquals(1, seen.size());
        assertSame(tagged, seen.get(0)[0]);
        assertEquals("t", seen.get(0)[1]);
        Object untagged = woven.getConstructor(Object.class).newInstance((Object) null);
        assertEquals(2, seen.size(), "the early return is hooked too");
        assertSame(untagged, seen.get(1)[0]);
        woven.getConstructor().newInstance();
        assertEquals(2, seen.size(), "other constructors are not hooked");
    }

    @Test
    void aReturnHookKeepsTheReturnValue() throws Exception {
        Class<?> woven = weave(HookPoint.atReturn(SAMPLE, "pick", "(ZLjava/lang/Object;)J", 1));
        Object sample = woven.getConstructor().newInstance();
        Method pick = woven.getMethod("pick", boolean.class, Object.class);
        assertEquals(1L, pick.invoke(sample, true, "a"));
        assertEquals(2L, pick.invoke(sample, false, "b"));
        assertEquals("a", seen.get(0)[1]);
        assertEquals("b", seen.get(1)[1]);
    }

    @Test
    void entryReturnAndTaskHooksCombineInOneMethod() throws Exception {
        HookPoint entry = HookPoint.atEntry(SAMPLE, "runAll", "([Ljava/lang/Runnable;)I", 0).skippingWith(false);
        Class<?> woven = weave(entry, HookPoint.atReturn(SAMPLE, "runAll", "([Ljava/lang/Runnable;)I", 0),
                HookPoint.aroundTask(SAMPLE, "runAll", "([Ljava/lang/Runnable;)I", "java.lang.Runnable"));
        Object sample = woven.getConstructor().newInstance();
        Runnable task = () -> { };
        Runnable[] tasks = {task};
        assertEquals(1, woven.getMethod("runAll", Runnable[].class).invoke(sample, (Object) tasks));
        assertEquals(2, seen.size(), "entry and return");
        assertEquals(List.of("begin", sample, task, "end token"), taskEvents);
        skip = true;
        assertEquals(0, woven.getMethod("runAll", Runnable[].class).invoke(sample, (Object) tasks));
        assertEquals(3, seen.size(), "a skipped call returns before the return hook and the tasks");
        assertEquals(4, taskEvents.size());
    }

    @Test
    void aTaskHookBracketsEachRunAndKeepsTheCallersExceptionHandling() throws Exception {
        Class<?> woven = weave(HookPoint.aroundTask(SAMPLE, "runAll", "([Ljava/lang/Runnable;)I", "java.lang.Runnable"));
        Object sample = woven.getConstructor().newInstance();
        List<String> ran = new ArrayList<>();
        Runnable ok = () -> ran.add("ok");
        Runnable failing = () -> {
            ran.add("failing");
            throw new IllegalStateException("task failed");
        };
        Runnable skipped = () -> ran.add("skipped");
        skipTask = skipped;
        Object result = woven.getMethod("runAll", Runnable[].class).invoke(sample,
                (Object) new Runnable[] {ok, failing, skipped});
        assertEquals(102, result, "a failure reaches the caller's handler; a skipped run returns normally");
        assertEquals(List.of("ok", "failing"), ran);
        assertEquals(List.of("begin", sample, ok, "end token", "begin", sample, failing, "end token",
                "begin", sample, skipped), taskEvents);
    }

    @Test
    void aTaskHookInAStaticMethodMatchesAVirtualRunAndPassesNullForThis() throws Exception {
        Class<?> woven = weave(HookPoint.aroundTask(SAMPLE, "runStatic", "(Ljava/lang/Thread;)V", "java.lang.Thread"));
        List<String> ran = new ArrayList<>();
        Thread task = new Thread(() -> ran.add("ran"));
        woven.getMethod("runStatic", Thread.class).invoke(null, task);
        assertEquals(List.of("ran"), ran);
        assertEquals(Arrays.asList("begin", null, task, "end token"), taskEvents);
    }

    @Test
    void hookKindsAreCheckedWhenRegistered() {
        HookTransformer transformer = new HookTransformer();
        HookPoint taskPoint = HookPoint.aroundTask(SAMPLE, "runAll", "([Ljava/lang/Runnable;)I", "java.lang.Runnable");
        assertThrows(IllegalArgumentException.class, () -> transformer.hook("sample", taskPoint, recorder));
        assertThrows(IllegalArgumentException.class, () -> transformer.hookTasks("sample",
                HookPoint.atEntry(SAMPLE, "handle", "()V"), taskRecorder));
        assertThrows(IllegalArgumentException.class, () -> HookPoint.atEntry(SAMPLE, "<init>", "()V"));
        assertThrows(IllegalStateException.class, () -> taskPoint.skippingWith(true));
    }
}
