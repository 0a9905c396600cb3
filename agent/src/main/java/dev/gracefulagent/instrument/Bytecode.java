package dev.gracefulagent.instrument;

import java.util.Arrays;

/**
 * Instructions the agent inserts into a method, assembled straight into bytes, with the offsets where the
 * verifier needs a frame (the targets of its branches). Constants come from the class file being rewritten.
 */
final class Bytecode {
    static final int ACONST_NULL = 0x01;
    static final int ICONST_0 = 0x03;
    static final int ICONST_1 = 0x04;
    static final int ILOAD = 0x15;
    static final int ISTORE = 0x36;
    static final int POP = 0x57;
    static final int DUP = 0x59;
    static final int SWAP = 0x5f;
    static final int IRETURN = 0xac;
    static final int ARETURN = 0xb0;
    static final int RETURN = 0xb1;
    static final int INVOKEVIRTUAL = 0xb6;
    static final int INVOKESTATIC = 0xb8;
    static final int INVOKEINTERFACE = 0xb9;
    static final int WIDE = 0xc4;
    private static final int BIPUSH = 0x10;
    private static final int SIPUSH = 0x11;
    private static final int LDC_W = 0x13;
    private static final int IFEQ = 0x99;

    private final ClassFile classFile;
    private final ByteOut code = new ByteOut(32);
    private int[] frames = new int[0];

    Bytecode(ClassFile classFile) {
        this.classFile = classFile;
    }

    void op(int opcode) {
        code.u1(opcode);
    }

    void pushInt(int value) {
        if (value >= -1 && value <= 5) {
            code.u1(ICONST_0 + value);
        } else if (value == (byte) value) {
            code.u1(BIPUSH);
            code.u1(value);
        } else if (value == (short) value) {
            code.u1(SIPUSH);
            code.u2(value);
        } else {
            code.u1(LDC_W);
            code.u2(classFile.integerConstant(value));
        }
    }

    /** {@code xload slot} for a value of the given descriptor type. */
    void load(String type, int slot) {
        local(ILOAD + typeOffset(type), slot);
    }

    /** {@code xstore slot} for a value of the given descriptor type. */
    void store(String type, int slot) {
        local(ISTORE + typeOffset(type), slot);
    }

    /** 0 for int-like types, then long, float, double, reference: the order of the load and store opcodes. */
    private static int typeOffset(String type) {
        switch (type.charAt(0)) {
            case 'J':
                return 1;
            case 'F':
                return 2;
            case 'D':
                return 3;
            case 'L':
            case '[':
                return 4;
            default:
                return 0;
        }
    }

    private void local(int opcode, int slot) {
        if (slot > 0xff) {
            code.u1(WIDE);
            code.u1(opcode);
            code.u2(slot);
        } else {
            code.u1(opcode);
            code.u1(slot);
        }
    }

    void invokeStatic(String owner, String name, String descriptor) {
        code.u1(INVOKESTATIC);
        code.u2(classFile.methodConstant(owner, name, descriptor));
    }

    /** {@code ifeq} to a target given later by {@link #landHere}; answers the branch's position. */
    int ifZero() {
        int at = code.size();
        code.u1(IFEQ);
        code.u2(0);
        return at;
    }

    /** The branch at {@code branch} lands here; the verifier gets a frame here equal to the method's first. */
    void landHere(int branch) {
        code.patchU2(branch + 1, code.size() - branch);
        frames = Arrays.copyOf(frames, frames.length + 1);
        frames[frames.length - 1] = code.size();
    }

    int length() {
        return code.size();
    }

    /** Offsets of the frames {@link #landHere} asked for, as they are after {@link #padded}. */
    int[] frames(int padding) {
        int[] shifted = frames.clone();
        for (int i = 0; i < shifted.length; i++) {
            shifted[i] += padding;
        }
        return shifted;
    }

    /**
     * The code, led by as many {@code nop}s as make it longer than {@code replaced} bytes by a multiple of four:
     * then every switch instruction after it keeps its alignment, so its padding stays as it is.
     */
    byte[] padded(int replaced) {
        int padding = padding(replaced);
        byte[] out = new byte[padding + code.size()]; // zeros: nop is opcode 0
        code.copyTo(out, padding);
        return out;
    }

    int padding(int replaced) {
        return (4 - Math.floorMod(code.size() - replaced, 4)) % 4;
    }
}
