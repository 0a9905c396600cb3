package dev.gracefulagent.instrument;

import dev.gracefulagent.log.Log;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32;
import org.slf4j.Logger;

/**
 * Woven classes kept in a directory between runs ({@code graceful.cache.dir}), so that a restart does not rewrite
 * them again. An entry is used only when it holds exactly the same original bytes, the same agent build and the
 * same hooks (ids included, which depend on the order integrations installed in); it is written to a temporary
 * file and renamed into place, so that no reader ever sees half of one, and carries a checksum. An entry that
 * cannot be read or does not match is a miss, and no error here ever fails a class load or the start-up: the
 * class is then woven as without the cache.
 */
final class WovenCache {
    private static final Logger LOG = Log.get(WovenCache.class);
    private static final int MAGIC = 0x47574331;

    private final File dir;
    private final String agentBuild;

    private WovenCache(File dir, String agentBuild) {
        this.dir = dir;
        this.agentBuild = agentBuild;
    }

    /**
     * The cache in {@code dir}, created if needed; null (the cache off, one WARN) when it cannot be written or
     * others may write it: its entries are code the JVM runs.
     */
    static WovenCache open(String dir, String agentBuild) {
        File directory = new File(dir);
        try {
            if (!directory.isDirectory() && !directory.mkdirs()) {
                throw new IOException("cannot create it");
            }
            if (Files.getPosixFilePermissions(directory.toPath()).contains(PosixFilePermission.OTHERS_WRITE)) {
                throw new IOException("others may write it, and its entries are code the JVM runs");
            }
            Files.delete(File.createTempFile("probe", ".tmp", directory).toPath());
            return new WovenCache(directory, agentBuild);
        } catch (IOException | RuntimeException e) {
            LOG.warn("graceful.cache.dir {} cannot be used ({}); the cache of woven classes is off", dir,
                    e.getMessage());
            return null;
        }
    }

    /** The woven class recorded for exactly these bytes and hooks; null when there is none or it is unusable. */
    Woven get(String className, byte[] original, List<RegisteredHook> hooks) {
        File file = fileFor(className, original, hooks);
        if (!file.isFile()) {
            return null;
        }
        try {
            byte[] entry = Files.readAllBytes(file.toPath());
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(entry));
            if (in.readInt() != MAGIC || !agentBuild.equals(in.readUTF()) || !signature(hooks).equals(in.readUTF())
                    || !Arrays.equals(original, readBytes(in))) {
                return null;
            }
            Set<RegisteredHook> found = new HashSet<>();
            for (int n = in.readInt(); n > 0; n--) {
                found.add(hookWithId(hooks, in.readInt()));
            }
            byte[] woven = readBytes(in);
            if (in.readLong() != checksum(entry, entry.length - 8) || in.available() != 0) {
                return null;
            }
            return new Woven(woven, found);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Records the woven class; a failure leaves the cache as it was. */
    void put(String className, byte[] original, List<RegisteredHook> hooks, Woven woven) {
        File temporary = null;
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(original.length + woven.bytes.length + 512);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(MAGIC);
            out.writeUTF(agentBuild);
            out.writeUTF(signature(hooks));
            writeBytes(out, original);
            out.writeInt(woven.found.size());
            for (RegisteredHook hook : woven.found) {
                out.writeInt(hook.id);
            }
            writeBytes(out, woven.bytes);
            out.flush();
            out.writeLong(checksum(bytes.toByteArray(), bytes.size()));
            File file = fileFor(className, original, hooks);
            temporary = File.createTempFile(file.getName(), ".tmp", dir);
            try (OutputStream stream = Files.newOutputStream(temporary.toPath())) {
                bytes.writeTo(stream);
            }
            Files.move(temporary.toPath(), file.toPath(), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            LOG.debug("could not cache the woven {}: {}", className, e.toString());
            if (temporary != null && !temporary.delete()) {
                temporary.deleteOnExit();
            }
        }
    }

    /** One file per class, bytes and hooks: a changed class or hook set gets its own entry. */
    private File fileFor(String className, byte[] original, List<RegisteredHook> hooks) {
        CRC32 key = new CRC32();
        key.update(original, 0, original.length);
        byte[] rest = (agentBuild + '\n' + signature(hooks)).getBytes(StandardCharsets.UTF_8);
        key.update(rest, 0, rest.length);
        return new File(dir, className.replace('/', '.') + '-' + Long.toHexString(key.getValue()) + ".woven");
    }

    private static String signature(List<RegisteredHook> hooks) {
        StringBuilder signature = new StringBuilder();
        for (RegisteredHook hook : hooks) {
            signature.append(hook.id).append(' ').append(hook.integration).append(' ')
                    .append(hook.point.signature()).append('\n');
        }
        return signature.toString();
    }

    private static RegisteredHook hookWithId(List<RegisteredHook> hooks, int id) throws IOException {
        for (RegisteredHook hook : hooks) {
            if (hook.id == id) {
                return hook;
            }
        }
        throw new IOException("no hook " + id);
    }

    private static long checksum(byte[] bytes, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, length);
        return crc.getValue();
    }

    private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > in.available()) {
            throw new IOException("a truncated entry");
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }
}
