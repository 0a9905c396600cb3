package dev.gracefulagent.instrument;

/** A hook point with the bridge slot its body was registered in and the integration that owns it. */
final class RegisteredHook {
    final String integration;
    final HookPoint point;
    final int id;

    RegisteredHook(String integration, HookPoint point, int id) {
        this.integration = integration;
        this.point = point;
        this.id = id;
    }
}
