package dev.gracefulagent.testbed.support;

import java.util.ArrayList;
import java.util.List;

/** The service JVMs a test started; whatever still runs when the test ends is killed. */
public final class StartedServices {
    private final List<ServiceProcess> started = new ArrayList<>();

    public ServiceProcess start(ServiceProcess.Builder builder) throws Exception {
        ServiceProcess service = builder.start();
        started.add(service);
        return service;
    }

    /** Call from an {@code @AfterEach} method. */
    public void stopAll() throws InterruptedException {
        for (ServiceProcess service : started) {
            service.close();
        }
        started.clear();
    }
}
