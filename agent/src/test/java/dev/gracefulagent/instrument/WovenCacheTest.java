package dev.gracefulagent.instrument;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The safety rules of the cache of woven classes, on {@link Sample} woven for real. */
class WovenCacheTest {
    private static final String SAMPLE = Sample.class.getName().replace('.', '/');

    @TempDir
    Path dir;

    private byte[] original;
    private final List<RegisteredHook> hooks = List.of(new RegisteredHook("sample",
            HookPoint.atEntry(SAMPLE, "handle", "(Ljava/lang/String;Ljava/lang/Object;)Z", 0), 7));

    @BeforeEach
    void readSample() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("Sample.class")) {
            original = in.readAllBytes();
        }
    }

    private WovenCache filledCache(String agentBuild) {
        WovenCache cache = WovenCache.open(dir.toString(), agentBuild);
        cache.put(SAMPLE, original, hooks, HookWeaver.weave(original, hooks));
        return cache;
    }

    private File onlyEntry() {
        File[] files = dir.toFile().listFiles();
        assertEquals(1, files.length, "one entry and no temporary file left behind");
        return files[0];
    }

    @Test
    void theSameBytesAgentAndHooksFindTheWovenClass() {
        Woven woven = HookWeaver.weave(original, hooks);
        Woven cached = filledCache("build-1").get(SAMPLE, original, hooks);
        assertNotNull(cached);
        assertArrayEquals(woven.bytes, cached.bytes);
        assertEquals(woven.found, cached.found);
        assertEquals(".woven", onlyEntry().getName().substring(onlyEntry().getName().lastIndexOf('.')));
    }

    @Test
    void anotherAgentBuildMisses() {
        filledCache("build-1");
        assertNull(WovenCache.open(dir.toString(), "build-2").get(SAMPLE, original, hooks));
    }

    @Test
    void otherBytesOrOtherHooksMiss() {
        WovenCache cache = filledCache("build-1");
        byte[] changed = original.clone();
        changed[changed.length - 1] ^= 1;
        assertNull(cache.get(SAMPLE, changed, hooks));
        List<RegisteredHook> renumbered = List.of(new RegisteredHook("sample", hooks.get(0).point, 8));
        assertNull(cache.get(SAMPLE, original, renumbered));
    }

    @Test
    void aCorruptOrTruncatedEntryIsIgnored() throws IOException {
        WovenCache cache = filledCache("build-1");
        File entry = onlyEntry();
        byte[] bytes = Files.readAllBytes(entry.toPath());
        bytes[bytes.length / 2] ^= 0x55;
        Files.write(entry.toPath(), bytes);
        assertNull(cache.get(SAMPLE, original, hooks), "a flipped byte");
        byte[] truncated = new byte[bytes.length - 100];
        System.arraycopy(Files.readAllBytes(entry.toPath()), 0, truncated, 0, truncated.length);
        Files.write(entry.toPath(), truncated);
        assertNull(cache.get(SAMPLE, original, hooks), "a truncated entry");
        Files.write(entry.toPath(), new byte[] {(byte) 0x47, 0x57, 0x43, 0x31, 0x7f, 0x7f});
        assertNull(cache.get(SAMPLE, original, hooks), "garbage after the magic");
        cache.put(SAMPLE, original, hooks, HookWeaver.weave(original, hooks));
        assertNotNull(cache.get(SAMPLE, original, hooks), "rewritten whole");
    }

    @Test
    void aDirectoryThatCannotBeCreatedOrThatOthersMayWriteLeavesTheCacheOff() throws IOException {
        Path file = Files.createFile(dir.resolve("a-file"));
        assertNull(WovenCache.open(file.resolve("cache").toString(), "build-1"));
        Path open = Files.createDirectory(dir.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertNull(WovenCache.open(open.toString(), "build-1"));
    }

    @Test
    void theTransformerServesAHitAsItWouldHaveWoven() throws Exception {
        HookTransformer first = new HookTransformer();
        first.cacheWovenClassesIn(dir.toString(), "build-1");
        first.hook("sample", hooks.get(0).point, (self, a, b, c) -> false);
        byte[] woven = first.transform(null, SAMPLE, null, null, original);
        HookTransformer second = new HookTransformer();
        second.cacheWovenClassesIn(dir.toString(), "build-1");
        second.hook("sample", hooks.get(0).point, (self, a, b, c) -> false);
        File entry = onlyEntry();
        assertArrayEquals(woven, second.transform(null, SAMPLE, null, null, original));
        assertEquals(entry.lastModified(), onlyEntry().lastModified(), "read, not rewritten");
    }
}
