package dev.gracefulagent.core;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The integrations installed so far, kept in the order the agent lists them (the order their intake is stopped
 * and their resources closed). One installed when its library's first class loads joins in its place; the
 * shutdown sequence sees only installed ones, since an integration whose library never loaded has nothing to do.
 */
public final class InstalledIntegrations {
    private final List<String> order;
    private final List<Integration> installed = new CopyOnWriteArrayList<>();

    /** {@code order}: every integration's name, in the agent's order. */
    public InstalledIntegrations(List<String> order) {
        this.order = order;
    }

    public synchronized void add(Integration integration) {
        int rank = order.indexOf(integration.name());
        int at = 0;
        while (at < installed.size() && order.indexOf(installed.get(at).name()) < rank) {
            at++;
        }
        installed.add(at, integration);
    }

    /** A live view, safe to iterate while integrations are added. */
    public List<Integration> view() {
        return installed;
    }
}
