package dev.gracefulagent.integration.listeners;

import dev.gracefulagent.core.Listener;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * One listening socket, held weakly, with the connections accepted on it (weakly too): the agent never keeps
 * a socket, channel or class loader alive. How to ask and close it depends on the kind of socket ({@link Kind}).
 */
final class SocketListener implements Listener {
    /** Frames of the agent's own hook machinery, left out of the opening stack. */
    private static final String[] HOOK_FRAMES = {
        "dev.gracefulagent.bootstrap.", "dev.gracefulagent.instrument.", "dev.gracefulagent.integration.",
    };

    /** The operations on one kind of socket object: a JDK channel, a {@code java.net} socket, a Netty channel. */
    interface Kind {
        int port(Object socket) throws Exception;

        boolean isOpen(Object socket) throws Exception;

        void close(Object socket) throws Exception;

        /** See {@link Listener#awaitReleased()}. */
        void awaitReleased(Object socket) throws Exception;

        /** False for sockets whose accepted connections are not seen (the JDK's asynchronous channels). */
        boolean countsConnections();
    }

    private final WeakReference<Object> socket;
    private final Kind kind;
    private final int port;
    private final List<String> openingStack;
    private final Set<Object> connections = Collections.newSetFromMap(new WeakHashMap<Object, Boolean>());

    SocketListener(Object socket, Kind kind, StackTraceElement[] stack) throws Exception {
        this.socket = new WeakReference<>(socket);
        this.kind = kind;
        this.port = kind.port(socket);
        this.openingStack = classNames(stack);
    }

    private static List<String> classNames(StackTraceElement[] stack) {
        List<String> names = new ArrayList<>(stack.length);
        frames:
        for (StackTraceElement frame : stack) {
            String name = frame.getClassName();
            for (String hook : HOOK_FRAMES) {
                if (name.startsWith(hook)) {
                    continue frames;
                }
            }
            names.add(name);
        }
        return Collections.unmodifiableList(names);
    }

    void accepted(Object connection) {
        synchronized (connections) {
            connections.add(connection);
        }
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public List<String> openingStack() {
        return openingStack;
    }

    @Override
    public boolean isOpen() {
        Object s = socket.get();
        try {
            return s != null && kind.isOpen(s);
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public void close() throws Exception {
        Object s = socket.get();
        if (s != null) {
            kind.close(s);
        }
    }

    @Override
    public void awaitReleased() throws Exception {
        Object s = socket.get();
        if (s != null) {
            kind.awaitReleased(s);
        }
    }

    @Override
    public int openConnections() {
        if (!kind.countsConnections()) {
            return -1;
        }
        List<Object> accepted;
        synchronized (connections) {
            accepted = new ArrayList<>(connections);
        }
        int open = 0;
        for (Object connection : accepted) {
            try {
                if (kind.isOpen(connection)) {
                    open++;
                }
            } catch (Exception e) {
                open++;
            }
        }
        return open;
    }
}
