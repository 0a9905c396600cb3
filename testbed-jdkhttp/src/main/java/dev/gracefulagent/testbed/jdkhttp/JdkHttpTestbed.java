package dev.gracefulagent.testbed.jdkhttp;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/**
 * An ordinary small service on the JDK's own {@code com.sun.net.httpserver.HttpServer}, with no shutdown code:
 * GET /work?ms=N answers "done" after N ms. PORT selects the port (default 8080); EXECUTOR=pool runs the handlers
 * on a fixed thread pool, otherwise the server has no executor and runs them on its dispatcher thread, one at a
 * time. SERVER_LAYER=own loads the server (module jdk.httpserver) into a module layer of the service's own, as a
 * plugin host loads its plugins' modules, and drives it through reflection.
 */
public final class JdkHttpTestbed {
    private JdkHttpTestbed() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        boolean pool = "pool".equals(System.getenv("EXECUTOR"));
        boolean ownLayer = "own".equals(System.getenv("SERVER_LAYER"));
        if (ownLayer) {
            startInALayerOfItsOwn(port, pool);
        } else {
            HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
            server.createContext("/work", JdkHttpTestbed::work);
            if (pool) {
                server.setExecutor(Executors.newFixedThreadPool(16));
            }
            server.start();
        }
        System.out.println("testbed-jdkhttp ready on port " + port + " (" + (pool ? "thread pool" : "no executor")
                + (ownLayer ? ", server in a module layer of its own" : "") + ")");
    }

    private static void work(HttpExchange exchange) throws IOException {
        workFor(exchange.getRequestURI());
        byte[] body = "done".getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static void workFor(URI uri) {
        String query = uri.getQuery();
        long ms = query != null && query.startsWith("ms=") ? Long.parseLong(query.substring(3)) : 0;
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void startInALayerOfItsOwn(int port, boolean pool) throws Exception {
        ModuleFinder system = ModuleFinder.ofSystem();
        ModuleFinder httpServerOnly = new ModuleFinder() {
            @Override
            public Optional<ModuleReference> find(String name) {
                return name.equals("jdk.httpserver") ? system.find(name) : Optional.empty();
            }

            @Override
            public Set<ModuleReference> findAll() {
                return Set.of(system.find("jdk.httpserver").orElseThrow());
            }
        };
        ModuleLayer boot = ModuleLayer.boot();
        Configuration configuration = boot.configuration().resolve(httpServerOnly, ModuleFinder.of(),
                Set.of("jdk.httpserver"));
        ClassLoader loader = boot.defineModulesWithOneLoader(configuration, ClassLoader.getSystemClassLoader())
                .findLoader("jdk.httpserver");
        Class<?> serverClass = loader.loadClass("com.sun.net.httpserver.HttpServer");
        Class<?> handlerClass = loader.loadClass("com.sun.net.httpserver.HttpHandler");
        Class<?> exchangeClass = loader.loadClass("com.sun.net.httpserver.HttpExchange");
        Object handler = Proxy.newProxyInstance(loader, new Class<?>[] {handlerClass}, (proxy, method, arguments) -> {
            switch (method.getName()) {
                case "handle":
                    workThroughReflection(exchangeClass, arguments[0]);
                    return null;
                case "equals":
                    return proxy == arguments[0];
                case "hashCode":
                    return System.identityHashCode(proxy);
                default:
                    return "work handler";
            }
        });
        Object server = serverClass.getMethod("create", InetSocketAddress.class, int.class)
                .invoke(null, new InetSocketAddress(port), 0);
        serverClass.getMethod("createContext", String.class, handlerClass).invoke(server, "/work", handler);
        if (pool) {
            serverClass.getMethod("setExecutor", Executor.class).invoke(server, Executors.newFixedThreadPool(16));
        }
        serverClass.getMethod("start").invoke(server);
    }

    /** {@link #work} for an exchange of the layer's own HttpExchange class. */
    private static void workThroughReflection(Class<?> exchangeClass, Object exchange) throws Exception {
        workFor((URI) exchangeClass.getMethod("getRequestURI").invoke(exchange));
        byte[] body = "done".getBytes(StandardCharsets.UTF_8);
        Object headers = exchangeClass.getMethod("getResponseHeaders").invoke(exchange);
        Method set = exchangeClass.getClassLoader().loadClass("com.sun.net.httpserver.Headers")
                .getMethod("set", String.class, String.class);
        set.invoke(headers, "Content-Type", "text/plain");
        exchangeClass.getMethod("sendResponseHeaders", int.class, long.class).invoke(exchange, 200, (long) body.length);
        try (OutputStream out = (OutputStream) exchangeClass.getMethod("getResponseBody").invoke(exchange)) {
            out.write(body);
        }
    }
}
