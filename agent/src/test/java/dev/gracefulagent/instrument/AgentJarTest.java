package dev.gracefulagent.instrument;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AgentJarTest {
    private static byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        new Random(length).nextBytes(bytes);
        return bytes;
    }

    /** A stream that announces nothing and hands out at most 100 bytes per read. */
    private static InputStream silent(byte[] bytes) {
        return new FilterInputStream(new ByteArrayInputStream(bytes)) {
            @Override
            public int available() {
                return 0;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 100));
            }
        };
    }

    @Test
    void readsAStreamThatAnnouncesItsSize() throws IOException {
        byte[] classFile = bytes(32310);
        assertArrayEquals(classFile, AgentJar.readAll(new ByteArrayInputStream(classFile)));
    }

    @Test
    void readsAStreamThatAnnouncesNothingAndReadsInPieces() throws IOException {
        for (int length : new int[] {0, 1, 511, 512, 513, 1024, 5000}) {
            byte[] content = bytes(length);
            assertArrayEquals(content, AgentJar.readAll(silent(content)), "length " + length);
        }
    }

    @Test
    void readsPastWhatTheStreamAnnounced() throws IOException {
        byte[] content = bytes(3000);
        InputStream understating = new FilterInputStream(new ByteArrayInputStream(content)) {
            @Override
            public int available() {
                return 1000;
            }
        };
        assertArrayEquals(content, AgentJar.readAll(understating));
    }
}
