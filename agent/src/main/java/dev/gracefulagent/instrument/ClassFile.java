package dev.gracefulagent.instrument;

import java.util.HashMap;
import java.util.Map;

/**
 * A class file read only as far as rewriting some methods' code needs: where each constant and each method
 * is. Nothing is parsed into objects; constants the inserted code needs are appended to the pool (existing
 * indexes stay valid), rewritten code attributes replace the old ones, and every other byte is copied.
 */
final class ClassFile {
    private static final int MAX_POOL = 0xffff;
    private static final int UTF8 = 1;
    private static final int INTEGER = 3;
    private static final int LONG = 5;
    private static final int DOUBLE = 6;
    private static final int CLASS = 7;
    private static final int NAME_AND_TYPE = 12;
    private static final int METHODREF = 10;
    private static final int ACC_NATIVE = 0x0100;
    private static final int ACC_ABSTRACT = 0x0400;
    static final int ACC_STATIC = 0x0008;

    final byte[] bytes;
    private final int[] constants;
    private final int poolEnd;
    private final int[] methods;
    private final ByteOut addedConstants = new ByteOut(64);
    private final Map<String, Integer> added = new HashMap<>();
    private int poolCount;
    private final byte[][] rewrittenCode;

    ClassFile(byte[] bytes) {
        this.bytes = bytes;
        if (u4(0) != 0xCAFEBABE) {
            throw new IllegalArgumentException("not a class file");
        }
        poolCount = u2(8);
        constants = new int[poolCount];
        int at = 10;
        for (int i = 1; i < poolCount; i++) {
            constants[i] = at;
            int tag = bytes[at] & 0xff;
            at += constantLength(tag, at);
            if (tag == LONG || tag == DOUBLE) {
                i++;
            }
        }
        poolEnd = at;
        at += 6;
        at += 2 + 2 * u2(at);
        at = skipMembers(at);
        int count = u2(at);
        methods = new int[count];
        at += 2;
        for (int i = 0; i < count; i++) {
            methods[i] = at;
            at = skipAttributes(at + 6);
        }
        rewrittenCode = new byte[count][];
    }

    private int constantLength(int tag, int at) {
        switch (tag) {
            case UTF8:
                return 3 + u2(at + 1);
            case CLASS:
            case 8: // String
            case 16: // MethodType
            case 19: // Module
            case 20: // Package
                return 3;
            case 15: // MethodHandle
                return 4;
            case LONG:
            case DOUBLE:
                return 9;
            case INTEGER:
            case 4: // Float
            case 9: // Fieldref
            case METHODREF:
            case 11: // InterfaceMethodref
            case NAME_AND_TYPE:
            case 17: // Dynamic
            case 18: // InvokeDynamic
                return 5;
            default:
                throw new IllegalArgumentException("unknown constant tag " + tag + " at " + at);
        }
    }

    private int skipMembers(int at) {
        int count = u2(at);
        at += 2;
        for (int i = 0; i < count; i++) {
            at = skipAttributes(at + 6);
        }
        return at;
    }

    /** {@code at} is an attributes_count; answers the offset after the attributes. */
    private int skipAttributes(int at) {
        int count = u2(at);
        at += 2;
        for (int i = 0; i < count; i++) {
            at += 6 + u4(at + 2);
        }
        return at;
    }

    int majorVersion() {
        return u2(6);
    }

    int methodCount() {
        return methods.length;
    }

    int access(int method) {
        return u2(methods[method]);
    }

    boolean hasCode(int method) {
        return (access(method) & (ACC_ABSTRACT | ACC_NATIVE)) == 0 && codeAttribute(method) >= 0;
    }

    boolean methodIs(int method, String name, String descriptor) {
        return utf8Is(u2(methods[method] + 2), name) && utf8Is(u2(methods[method] + 4), descriptor);
    }

    /** Offset of the method's Code attribute (at its name index), or -1. */
    int codeAttribute(int method) {
        int at = methods[method] + 6;
        int count = u2(at);
        at += 2;
        for (int i = 0; i < count; i++) {
            if (utf8Is(u2(at), "Code")) {
                return at;
            }
            at += 6 + u4(at + 2);
        }
        return -1;
    }

    /** True when the Fieldref/Methodref/InterfaceMethodref at {@code index} names this owner, name and type. */
    boolean memberIs(int index, String owner, String name, String descriptor) {
        int ref = constants[index];
        int nameAndType = constants[u2(ref + 3)];
        return utf8Is(u2(constants[u2(ref + 1)] + 1), owner) && utf8Is(u2(nameAndType + 1), name)
                && utf8Is(u2(nameAndType + 3), descriptor);
    }

    /** True when the Utf8 constant at {@code index} holds {@code value} (modified UTF-8 compared byte by byte). */
    boolean utf8Is(int index, String value) {
        int at = constants[index];
        int length = u2(at + 1);
        at += 3;
        int end = at + length;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= 1 && c <= 0x7f) {
                if (at >= end || bytes[at++] != c) {
                    return false;
                }
            } else {
                byte[] encoded = modifiedUtf8(String.valueOf(c));
                for (byte b : encoded) {
                    if (at >= end || bytes[at++] != b) {
                        return false;
                    }
                }
            }
        }
        return at == end;
    }

    int utf8Constant(String value) {
        String key = "U" + value;
        Integer index = added.get(key);
        if (index == null) {
            byte[] encoded = modifiedUtf8(value);
            index = append(key, UTF8, encoded.length);
            addedConstants.bytes(encoded, 0, encoded.length);
        }
        return index;
    }

    int integerConstant(int value) {
        String key = "I" + value;
        Integer index = added.get(key);
        if (index == null) {
            index = append(key, INTEGER, value >> 16);
            addedConstants.u2(value);
        }
        return index;
    }

    int methodConstant(String owner, String name, String descriptor) {
        String key = "M" + owner + '.' + name + descriptor;
        Integer index = added.get(key);
        if (index == null) {
            int ownerClass = classConstant(owner);
            int nameIndex = utf8Constant(name);
            int typeIndex = utf8Constant(descriptor);
            int nameAndType = append("N" + name + descriptor, NAME_AND_TYPE, nameIndex);
            addedConstants.u2(typeIndex);
            index = append(key, METHODREF, ownerClass);
            addedConstants.u2(nameAndType);
        }
        return index;
    }

    private int classConstant(String internalName) {
        String key = "C" + internalName;
        Integer index = added.get(key);
        if (index == null) {
            int name = utf8Constant(internalName);
            index = append(key, CLASS, name);
        }
        return index;
    }

    /** Writes the tag and a first u2, and reserves the next pool index. */
    private int append(String key, int tag, int firstShort) {
        if (poolCount >= MAX_POOL) {
            throw new IllegalStateException("the constant pool is full");
        }
        int index = poolCount++;
        added.put(key, index);
        addedConstants.u1(tag);
        addedConstants.u2(firstShort);
        return index;
    }

    static byte[] modifiedUtf8(String value) {
        ByteOut out = new ByteOut(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= 1 && c <= 0x7f) {
                out.u1(c);
            } else if (c <= 0x7ff) {
                out.u1(0xc0 | c >> 6);
                out.u1(0x80 | c & 0x3f);
            } else {
                out.u1(0xe0 | c >> 12);
                out.u1(0x80 | c >> 6 & 0x3f);
                out.u1(0x80 | c & 0x3f);
            }
        }
        return out.toByteArray();
    }

    /** The method's Code attribute is replaced by {@code attribute} (from its name index on). */
    void replaceCode(int method, byte[] attribute) {
        rewrittenCode[method] = attribute;
    }

    /** The class file with its additions, written into one array of the final size (class files run to 100 KB). */
    byte[] toBytes() {
        int size = bytes.length + addedConstants.size();
        for (int i = 0; i < methods.length; i++) {
            if (rewrittenCode[i] != null) {
                int code = codeAttribute(i);
                size += rewrittenCode[i].length - (6 + u4(code + 2));
            }
        }
        byte[] out = new byte[size];
        System.arraycopy(bytes, 0, out, 0, 8);
        out[8] = (byte) (poolCount >> 8);
        out[9] = (byte) poolCount;
        int at = 10;
        at = copy(bytes, 10, out, at, poolEnd - 10);
        addedConstants.copyTo(out, at);
        at += addedConstants.size();
        int copied = poolEnd;
        for (int i = 0; i < methods.length; i++) {
            if (rewrittenCode[i] == null) {
                continue;
            }
            int code = codeAttribute(i);
            at = copy(bytes, copied, out, at, code - copied);
            at = copy(rewrittenCode[i], 0, out, at, rewrittenCode[i].length);
            copied = code + 6 + u4(code + 2);
        }
        copy(bytes, copied, out, at, bytes.length - copied);
        return out;
    }

    private static int copy(byte[] from, int offset, byte[] to, int at, int length) {
        System.arraycopy(from, offset, to, at, length);
        return at + length;
    }

    int u1(int at) {
        return bytes[at] & 0xff;
    }

    int u2(int at) {
        return (bytes[at] & 0xff) << 8 | bytes[at + 1] & 0xff;
    }

    int u4(int at) {
        return (bytes[at] & 0xff) << 24 | (bytes[at + 1] & 0xff) << 16 | (bytes[at + 2] & 0xff) << 8
                | bytes[at + 3] & 0xff;
    }
}
