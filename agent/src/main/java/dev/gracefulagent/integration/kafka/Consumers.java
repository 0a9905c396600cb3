package dev.gracefulagent.integration.kafka;

import java.util.ArrayList;
import java.util.List;

/**
 * The consumers seen so far, found by the consumer itself (poll, close) or by its interceptor chain (the object
 * Kafka calls when a poll hands out records and when a commit succeeds). Few objects, looked up on every poll, so
 * a lookup scans a small array without a lock; only a new consumer takes the lock. Consumers are held weakly.
 */
final class Consumers {
    private volatile ConsumerState[] states = new ConsumerState[0];

    ConsumerState byConsumer(Object consumer) {
        for (ConsumerState state : states) {
            if (state.consumer() == consumer) {
                return state;
            }
        }
        return null;
    }

    ConsumerState byInterceptors(Object interceptors) {
        for (ConsumerState state : states) {
            if (state.hasInterceptors(interceptors)) {
                return state;
            }
        }
        return null;
    }

    /** Registers a consumer first seen now, unless another thread just did. */
    synchronized ConsumerState add(Object consumer, Object interceptors) {
        ConsumerState known = byConsumer(consumer);
        if (known != null) {
            return known;
        }
        List<ConsumerState> alive = live(null);
        ConsumerState state = new ConsumerState(consumer, interceptors);
        alive.add(state);
        states = alive.toArray(new ConsumerState[0]);
        return state;
    }

    synchronized void remove(ConsumerState state) {
        states = live(state).toArray(new ConsumerState[0]);
    }

    /** Consumers not closed and not collected. */
    List<ConsumerState> open() {
        List<ConsumerState> open = new ArrayList<ConsumerState>();
        for (ConsumerState state : states) {
            if (state.consumer() != null && !state.isClosed()) {
                open.add(state);
            }
        }
        return open;
    }

    private List<ConsumerState> live(ConsumerState except) {
        List<ConsumerState> alive = new ArrayList<ConsumerState>();
        for (ConsumerState state : states) {
            if (state != except && state.consumer() != null) {
                alive.add(state);
            }
        }
        return alive;
    }
}
