package dev.gracefulagent.instrument;

import java.io.ByteArrayOutputStream;

/** A growable byte buffer with the big-endian writes and patches a class file needs. */
final class ByteOut extends ByteArrayOutputStream {
    ByteOut(int size) {
        super(size);
    }

    void u1(int b) {
        write(b);
    }

    void u2(int s) {
        write(s >> 8);
        write(s);
    }

    void u4(int i) {
        u2(i >>> 16);
        u2(i);
    }

    void bytes(byte[] b, int offset, int length) {
        write(b, offset, length);
    }

    int reserveU4() {
        int at = count;
        u4(0);
        return at;
    }

    void patchU2(int at, int s) {
        buf[at] = (byte) (s >> 8);
        buf[at + 1] = (byte) s;
    }

    void patchU4(int at, int i) {
        patchU2(at, i >>> 16);
        patchU2(at + 2, i);
    }

    /** Copies what was written into {@code to} from {@code at} on, without an intermediate array. */
    void copyTo(byte[] to, int at) {
        System.arraycopy(buf, 0, to, at, count);
    }
}
