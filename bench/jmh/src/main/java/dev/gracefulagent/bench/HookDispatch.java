package dev.gracefulagent.bench;

import dev.gracefulagent.bootstrap.Bridge;
import dev.gracefulagent.instrument.HookPoint;
import dev.gracefulagent.instrument.HookTransformer;
import dev.gracefulagent.instrument.Instrumenter;
import dev.gracefulagent.integration.jetty.JettyIntegration;
import dev.gracefulagent.track.DrainSignal;
import dev.gracefulagent.track.InFlight;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A request as the agent sees it in Jetty 12, without a JVM agent: the call the woven {@code Server.handle}
 * makes ({@code Bridge.enter} with the hook's id), through the guard the agent registers, into the Jetty
 * integration's hook (server registry, per-class-loader method handles, {@code InFlight.begin}, completion
 * listener), then the completion Jetty would report ({@code Unit.end}). Jetty is replaced by stand-ins, so only
 * the agent's share is measured; the bridge is loaded by the application class loader here, not the bootstrap one.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(3)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class HookDispatch {
    @State(Scope.Benchmark)
    public static class Agent {
        final Server server = new Server();
        final JettyIntegration jetty = new JettyIntegration();
        int handle;

        @Setup
        public void install() {
            HookIds ids = new HookIds(new HookTransformer());
            jetty.install(ids, new DrainSignal());
            handle = ids.idOf("org.eclipse.jetty.server.Server.handle(");
            // what the woven Server.doStart does when the server starts
            Bridge.enter(ids.idOf("org.eclipse.jetty.server.Server.doStart("), server, null, null, null);
            checkTracked();
        }

        /** A wrong hook id would measure a different hook, or none: one request must show up as in flight. */
        private void checkTracked() {
            Exchange exchange = new Exchange();
            InFlight requests = jetty.inFlight().get(0);
            if (Bridge.enter(handle, server, exchange.request, exchange.response, exchange.callback)
                    || requests.count() != 1) {
                throw new IllegalStateException("the Jetty hook did not track the request");
            }
            exchange.request.complete();
            if (requests.count() != 0) {
                throw new IllegalStateException("the completion did not end the request");
            }
        }
    }

    /** Each thread's request, response and callback, reused request after request like the benchmark threads. */
    @State(Scope.Thread)
    public static class Exchange {
        final CompletableRequest request = new CompletableRequest();
        final Response response = new Response() {
        };
        final Callback callback = new Callback() {
        };
    }

    @Benchmark
    public boolean jettyRequest(Agent agent, Exchange exchange) {
        boolean answered = Bridge.enter(agent.handle, agent.server, exchange.request, exchange.response,
                exchange.callback);
        exchange.request.complete();
        return answered;
    }

    @Benchmark
    @Threads(2)
    public boolean jettyRequestTwoThreads(Agent agent, Exchange exchange) {
        boolean answered = Bridge.enter(agent.handle, agent.server, exchange.request, exchange.response,
                exchange.callback);
        exchange.request.complete();
        return answered;
    }

    /** Holds the completion listener the integration registers, and calls it as Jetty does when the request ends. */
    static final class CompletableRequest implements Request {
        private Consumer<Throwable> listener;

        @Override
        public void keep(Consumer<Throwable> completionListener) {
            listener = completionListener;
        }

        void complete() {
            Consumer<Throwable> done = listener;
            listener = null;
            done.accept(null);
        }
    }

    /**
     * Passes hooks on to the agent's own transformer, which registers them with the bridge and numbers them from 0
     * in registration order; remembers that order to find a hook's id.
     */
    static final class HookIds implements Instrumenter {
        private final HookTransformer transformer;
        private final List<String> points = new ArrayList<>();

        HookIds(HookTransformer transformer) {
            this.transformer = transformer;
        }

        @Override
        public void hook(String integration, HookPoint point, Bridge.Hook hook) {
            points.add(point.toString());
            transformer.hook(integration, point, hook);
        }

        @Override
        public void hookTasks(String integration, HookPoint point, Bridge.TaskHook hook) {
            points.add(point.toString());
            transformer.hookTasks(integration, point, hook);
        }

        int idOf(String pointPrefix) {
            for (int id = 0; id < points.size(); id++) {
                if (points.get(id).startsWith(pointPrefix)) {
                    return id;
                }
            }
            throw new IllegalStateException("no hook at " + pointPrefix + " among " + points);
        }
    }
}
