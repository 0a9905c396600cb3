package dev.gracefulagent.instrument;

import java.util.ArrayList;
import java.util.List;

/** The types in a method descriptor, each kept as a field descriptor ("I", "[B", "Ljava/lang/String;"). */
final class MethodDescriptor {
    private MethodDescriptor() {
    }

    static String[] parameters(String descriptor) {
        List<String> types = new ArrayList<>();
        int at = 1;
        while (descriptor.charAt(at) != ')') {
            int start = at;
            while (descriptor.charAt(at) == '[') {
                at++;
            }
            at = descriptor.charAt(at) == 'L' ? descriptor.indexOf(';', at) + 1 : at + 1;
            types.add(descriptor.substring(start, at));
        }
        return types.toArray(new String[0]);
    }

    static String returnType(String descriptor) {
        return descriptor.substring(descriptor.indexOf(')') + 1);
    }

    static boolean isReference(String type) {
        return type.charAt(0) == 'L' || type.charAt(0) == '[';
    }

    /** Local variable slots a value of the type takes. */
    static int size(String type) {
        return type.equals("J") || type.equals("D") ? 2 : 1;
    }

    /** The type as a person reads it: "String", "int", "byte[]". */
    static String simpleName(String type) {
        int dimensions = type.lastIndexOf('[') + 1;
        String element = type.substring(dimensions);
        String name;
        if (element.charAt(0) == 'L') {
            name = element.substring(Math.max(element.lastIndexOf('/'), 0) + 1, element.length() - 1);
        } else {
            name = primitiveName(element.charAt(0));
        }
        StringBuilder readable = new StringBuilder(name);
        for (int i = 0; i < dimensions; i++) {
            readable.append("[]");
        }
        return readable.toString();
    }

    private static String primitiveName(char type) {
        switch (type) {
            case 'Z':
                return "boolean";
            case 'B':
                return "byte";
            case 'C':
                return "char";
            case 'S':
                return "short";
            case 'I':
                return "int";
            case 'J':
                return "long";
            case 'F':
                return "float";
            case 'D':
                return "double";
            default:
                return "void";
        }
    }
}
