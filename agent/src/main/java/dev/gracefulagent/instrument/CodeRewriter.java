package dev.gracefulagent.instrument;

import java.util.Arrays;

/**
 * Rewrites one method's Code attribute: a prologue before its first instruction, code inserted before some
 * instructions, some instructions replaced. Every inserted piece is padded to a multiple of four bytes, so the
 * switches keep their alignment; then branch offsets, the exception table, the stack map frames and the line
 * and local variable tables are moved to the new offsets, and the rest of the method is copied as it is.
 *
 * <p>A branch into an insertion's instruction lands on the inserted code (a return hook runs whichever way
 * the return is reached); a branch to the method's first instruction lands after the prologue, which runs once.
 * Type annotations on the code are dropped: the JVM does not read them, and their offsets would be stale.
 */
final class CodeRewriter {
    private static final int TABLESWITCH = 0xaa;
    private static final int LOOKUPSWITCH = 0xab;
    private static final int IINC = 0x84;
    private static final int GOTO_W = 0xc8;
    private static final int JSR_W = 0xc9;
    private static final int IFNULL = 0xc6;
    private static final int IFNONNULL = 0xc7;
    private static final int SAME = 0;
    private static final int SAME_LOCALS_1 = 64;
    private static final int SAME_LOCALS_1_EXTENDED = 247;
    private static final int SAME_FRAME_EXTENDED = 251;
    private static final int FULL_FRAME = 255;
    private static final int UNINITIALIZED = 8;
    private static final int OBJECT = 7;
    private static final int MAX_CODE = 0xffff;
    /** Where the code starts in a Code attribute written from its name index. */
    private static final int CODE_START = 14;
    /** Lengths of the fixed-length instructions; 0 for the variable ones and the unused opcodes. */
    private static final byte[] LENGTHS = new byte[256];

    static {
        Arrays.fill(LENGTHS, 0x00, 0xc4, (byte) 1);
        LENGTHS[0x10] = 2; // bipush
        LENGTHS[0x11] = 3; // sipush
        LENGTHS[0x12] = 2; // ldc
        LENGTHS[0x13] = 3; // ldc_w
        LENGTHS[0x14] = 3; // ldc2_w
        Arrays.fill(LENGTHS, 0x15, 0x1a, (byte) 2); // loads with an index
        Arrays.fill(LENGTHS, 0x36, 0x3b, (byte) 2); // stores with an index
        LENGTHS[IINC] = 3;
        Arrays.fill(LENGTHS, 0x99, 0xa9, (byte) 3); // conditional branches, goto, jsr
        LENGTHS[0xa9] = 2; // ret
        LENGTHS[TABLESWITCH] = 0;
        LENGTHS[LOOKUPSWITCH] = 0;
        Arrays.fill(LENGTHS, 0xb2, 0xb9, (byte) 3); // field access, invokes
        LENGTHS[0xb9] = 5; // invokeinterface
        LENGTHS[0xba] = 5; // invokedynamic
        LENGTHS[0xbb] = 3; // new
        LENGTHS[0xbc] = 2; // newarray
        LENGTHS[0xbd] = 3; // anewarray
        LENGTHS[0xc0] = 3; // checkcast
        LENGTHS[0xc1] = 3; // instanceof
        LENGTHS[0xc5] = 4; // multianewarray
        LENGTHS[IFNULL] = 3;
        LENGTHS[IFNONNULL] = 3;
        LENGTHS[GOTO_W] = 5;
        LENGTHS[JSR_W] = 5;
    }

    private final ClassFile file;
    private final int attribute;
    private final int code;
    private final int codeLength;
    private final int[] instructions;
    private byte[] prologue = new byte[0];
    private int[] prologueFrames = new int[0];
    private int[] editOffsets = new int[0];
    private byte[][] editCode = new byte[0][];
    private boolean[] editReplaces = new boolean[0];
    /** For each edit, the growth of the code before it and by it: {@code cumulative[i]} counts edits 0..i-1. */
    private int[] cumulative;
    private int stackGrowth;
    private int stackAtLeast;

    CodeRewriter(ClassFile file, int method) {
        this.file = file;
        this.attribute = file.codeAttribute(method);
        this.code = attribute + CODE_START;
        this.codeLength = file.u4(attribute + 10);
        int[] offsets = new int[Math.max(16, codeLength / 2)];
        int count = 0;
        for (int o = 0; o < codeLength; o += instructionLength(o)) {
            if (count == offsets.length) {
                offsets = Arrays.copyOf(offsets, count * 2);
            }
            offsets[count++] = o;
        }
        instructions = Arrays.copyOf(offsets, count);
    }

    /** Offsets of the method's instructions, in order. */
    int[] instructions() {
        return instructions;
    }

    int opcode(int offset) {
        return file.u1(code + offset);
    }

    /** The u2 operand right after the opcode at {@code offset} (a constant pool index for an invoke). */
    int operand(int offset) {
        return file.u2(code + offset + 1);
    }

    void prologue(Bytecode inserted) {
        int padding = inserted.padding(0);
        prologue = inserted.padded(0);
        prologueFrames = inserted.frames(padding);
    }

    void insertBefore(int offset, Bytecode inserted) {
        edit(offset, inserted.padded(0), false);
    }

    void replace(int offset, Bytecode replacement) {
        edit(offset, replacement.padded(instructionLength(offset)), true);
    }

    private void edit(int offset, byte[] bytes, boolean replaces) {
        int n = editOffsets.length;
        if (n > 0 && editOffsets[n - 1] >= offset) {
            throw new IllegalStateException("edits out of order at " + offset);
        }
        editOffsets = Arrays.copyOf(editOffsets, n + 1);
        editCode = Arrays.copyOf(editCode, n + 1);
        editReplaces = Arrays.copyOf(editReplaces, n + 1);
        editOffsets[n] = offset;
        editCode[n] = bytes;
        editReplaces[n] = replaces;
    }

    /** The inserted code needs this many stack slots above what the method's own code leaves there. */
    void stackGrowth(int slots) {
        stackGrowth = Math.max(stackGrowth, slots);
    }

    /** The inserted code needs this many stack slots in all (it runs on an empty stack). */
    void stackAtLeast(int slots) {
        stackAtLeast = Math.max(stackAtLeast, slots);
    }

    /** The Code attribute with the edits made, from its name index on. */
    byte[] rewritten() {
        cumulative = new int[editOffsets.length + 1];
        for (int i = 0; i < editOffsets.length; i++) {
            int removed = editReplaces[i] ? instructionLength(editOffsets[i]) : 0;
            cumulative[i + 1] = cumulative[i] + editCode[i].length - removed;
        }
        int newLength = map(codeLength);
        if (newLength > MAX_CODE) {
            throw new IllegalStateException("the method would exceed the 64 KiB code limit");
        }
        ByteOut out = new ByteOut(newLength + 256);
        out.u2(file.u2(attribute));
        int lengthAt = out.reserveU4();
        int maxStack = Math.max(file.u2(attribute + 6) + stackGrowth, stackAtLeast);
        if (maxStack > 0xffff) {
            throw new IllegalStateException("the method would exceed the stack limit");
        }
        out.u2(maxStack);
        out.u2(file.u2(attribute + 8));
        out.u4(newLength);
        writeCode(out);
        int at = code + codeLength;
        int handlers = file.u2(at);
        out.u2(handlers);
        at += 2;
        for (int i = 0; i < handlers; i++, at += 8) {
            out.u2(map(file.u2(at)));
            out.u2(map(file.u2(at + 2)));
            out.u2(map(file.u2(at + 4)));
            out.u2(file.u2(at + 6));
        }
        writeAttributes(out, at);
        out.patchU4(lengthAt, out.size() - lengthAt - 4);
        return out.toByteArray();
    }

    /** Where original offset {@code o} is in the new code: past the prologue and the growth of the edits before it. */
    private int map(int o) {
        int index = Arrays.binarySearch(editOffsets, o);
        int before = index >= 0 ? index : -index - 1;
        return prologue.length + o + cumulative[before];
    }

    private void writeCode(ByteOut out) {
        out.bytes(prologue, 0, prologue.length);
        int edit = 0;
        for (int o : instructions) {
            if (edit < editOffsets.length && editOffsets[edit] == o) {
                out.bytes(editCode[edit], 0, editCode[edit].length);
                if (editReplaces[edit++]) {
                    continue;
                }
            }
            int at = out.size();
            out.bytes(file.bytes, code + o, instructionLength(o));
            moveBranches(out, o, at);
        }
    }

    /** Points the branches of the instruction copied from {@code o} to {@code at} (in the attribute) anew. */
    private void moveBranches(ByteOut out, int o, int at) {
        int n = at - CODE_START;
        int opcode = opcode(o);
        if (opcode >= 0x99 && opcode <= 0xa8 || opcode == IFNULL || opcode == IFNONNULL) {
            int moved = map(o + (short) file.u2(code + o + 1)) - n;
            if (moved != (short) moved) {
                throw new IllegalStateException("a branch would exceed its 32 KiB range");
            }
            out.patchU2(at + 1, moved);
        } else if (opcode == GOTO_W || opcode == JSR_W) {
            out.patchU4(at + 1, map(o + file.u4(code + o + 1)) - n);
        } else if (opcode == TABLESWITCH || opcode == LOOKUPSWITCH) {
            // the padding before the default is the same in the new code: every insertion is a multiple of four
            int base = switchBase(o);
            boolean table = opcode == TABLESWITCH;
            int targets = table ? file.u4(code + base + 8) - file.u4(code + base + 4) + 1 : file.u4(code + base + 4);
            moveSwitchTarget(out, o, at, base);
            for (int i = 0; i < targets; i++) {
                moveSwitchTarget(out, o, at, table ? base + 12 + 4 * i : base + 12 + 8 * i);
            }
        }
    }

    private void moveSwitchTarget(ByteOut out, int o, int at, int slot) {
        out.patchU4(at + slot - o, map(o + file.u4(code + slot)) - (at - CODE_START));
    }

    /** Offset (in the code) of a switch's default, after the padding that aligns it. */
    private static int switchBase(int o) {
        return o + 1 + (3 - (o & 3));
    }

    private int instructionLength(int o) {
        int opcode = opcode(o);
        int length = LENGTHS[opcode];
        if (length > 0) {
            return length;
        }
        if (opcode == Bytecode.WIDE) {
            return opcode(o + 1) == IINC ? 6 : 4;
        }
        if (opcode == TABLESWITCH) {
            int base = switchBase(o);
            return base + 12 + 4 * (file.u4(code + base + 8) - file.u4(code + base + 4) + 1) - o;
        }
        if (opcode == LOOKUPSWITCH) {
            int base = switchBase(o);
            return base + 8 + 8 * file.u4(code + base + 4) - o;
        }
        throw new IllegalStateException("unknown opcode " + opcode + " at " + o);
    }

    private void writeAttributes(ByteOut out, int at) {
        int count = file.u2(at);
        at += 2;
        int countAt = out.size();
        out.u2(0);
        int written = 0;
        boolean frames = false;
        for (int i = 0; i < count; i++) {
            int name = file.u2(at);
            int length = file.u4(at + 2);
            int body = at + 6;
            at = body + length;
            if (file.utf8Is(name, "StackMapTable")) {
                writeFrames(out, name, body);
                frames = true;
            } else if (file.utf8Is(name, "LineNumberTable")) {
                writeTable(out, name, body, 4, false);
            } else if (file.utf8Is(name, "LocalVariableTable") || file.utf8Is(name, "LocalVariableTypeTable")) {
                writeTable(out, name, body, 10, true);
            } else {
                continue;
            }
            written++;
        }
        if (!frames && prologueFrames.length > 0 && file.majorVersion() >= 50) {
            writeFrames(out, file.utf8Constant("StackMapTable"), -1);
            written++;
        }
        out.patchU2(countAt, written);
    }

    /** A table of entries starting with a start_pc (and, for ranges, a length after it). */
    private void writeTable(ByteOut out, int name, int body, int entrySize, boolean ranges) {
        int entries = file.u2(body);
        out.u2(name);
        out.u4(2 + entries * entrySize);
        out.u2(entries);
        for (int i = 0, e = body + 2; i < entries; i++, e += entrySize) {
            int start = file.u2(e);
            out.u2(map(start));
            if (ranges) {
                out.u2(map(start + file.u2(e + 2)) - map(start));
                out.bytes(file.bytes, e + 4, entrySize - 4);
            } else {
                out.bytes(file.bytes, e + 2, entrySize - 2);
            }
        }
    }

    /**
     * The frames at their new offsets, led by the prologue's (each the method's initial frame again); the last
     * of those is left out when the original code has a frame of its own at its first instruction.
     */
    private void writeFrames(ByteOut out, int name, int body) {
        out.u2(name);
        int lengthAt = out.reserveU4();
        int countAt = out.size();
        out.u2(0);
        int originalCount = body < 0 ? 0 : file.u2(body);
        int p = body + 2;
        boolean frameAtStart = originalCount > 0 && frameDelta(p) == 0;
        int written = 0;
        int previous = -1;
        for (int frame : prologueFrames) {
            if (frame == prologue.length && frameAtStart) {
                continue;
            }
            writeDeltaFrame(out, frame - previous - 1, SAME, SAME_FRAME_EXTENDED);
            previous = frame;
            written++;
        }
        int originalPrevious = -1;
        for (int i = 0; i < originalCount; i++) {
            int type = file.u1(p);
            int offset = originalPrevious + frameDelta(p) + 1;
            originalPrevious = offset;
            int moved = map(offset);
            int delta = moved - previous - 1;
            previous = moved;
            written++;
            if (type < 64 || type == SAME_FRAME_EXTENDED) {
                writeDeltaFrame(out, delta, SAME, SAME_FRAME_EXTENDED);
                p += type < 64 ? 1 : 3;
            } else if (type < 128 || type == SAME_LOCALS_1_EXTENDED) {
                writeDeltaFrame(out, delta, SAME_LOCALS_1, SAME_LOCALS_1_EXTENDED);
                p = copyTypes(out, p + (type < 128 ? 1 : 3), 1);
            } else {
                // chop, append and full frames carry their delta in a u2 already
                out.u1(type);
                out.u2(delta);
                p += 3;
                if (type == FULL_FRAME) {
                    int locals = file.u2(p);
                    out.u2(locals);
                    p = copyTypes(out, p + 2, locals);
                    int stack = file.u2(p);
                    out.u2(stack);
                    p = copyTypes(out, p + 2, stack);
                } else if (type > SAME_FRAME_EXTENDED) {
                    p = copyTypes(out, p, type - SAME_FRAME_EXTENDED);
                }
            }
        }
        out.patchU2(countAt, written);
        out.patchU4(lengthAt, out.size() - lengthAt - 4);
    }

    private int frameDelta(int p) {
        int type = file.u1(p);
        if (type < 64) {
            return type;
        }
        if (type < 128) {
            return type - 64;
        }
        if (type < SAME_LOCALS_1_EXTENDED) {
            throw new IllegalStateException("reserved frame type " + type);
        }
        return file.u2(p + 1);
    }

    /** A same or same-locals-one-stack-item frame: its delta in the type byte when it fits, else extended. */
    private static void writeDeltaFrame(ByteOut out, int delta, int compactBase, int extendedType) {
        if (delta < 64) {
            out.u1(compactBase + delta);
        } else {
            out.u1(extendedType);
            out.u2(delta);
        }
    }

    /** Copies {@code count} verification types; an uninitialized one names a {@code new} by offset, moved too. */
    private int copyTypes(ByteOut out, int p, int count) {
        for (int i = 0; i < count; i++) {
            int tag = file.u1(p);
            out.u1(tag);
            if (tag == OBJECT) {
                out.u2(file.u2(p + 1));
                p += 3;
            } else if (tag == UNINITIALIZED) {
                out.u2(map(file.u2(p + 1)));
                p += 3;
            } else {
                p += 1;
            }
        }
        return p;
    }
}
