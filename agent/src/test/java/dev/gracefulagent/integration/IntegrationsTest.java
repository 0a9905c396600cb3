package dev.gracefulagent.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gracefulagent.core.Integration;
import java.lang.reflect.Field;
import org.junit.jupiter.api.Test;

class IntegrationsTest {
    @Test
    void everyNameInTheOrderMakesTheIntegrationOfThatName() {
        Integrations integrations = new Integrations();
        for (String name : Integrations.order()) {
            assertEquals(name, integrations.get(name).name());
        }
    }

    @Test
    void anIntegrationIsMadeOnceAndSharedWithTheOneBuildingOnIt() throws Exception {
        Integrations integrations = new Integrations();
        Integration springRabbit = integrations.get("spring-rabbit");
        Field client = springRabbit.getClass().getDeclaredField("client");
        client.setAccessible(true);
        assertSame(integrations.get("rabbitmq"), client.get(springRabbit));
        assertSame(springRabbit, integrations.get("spring-rabbit"));
    }

    @Test
    void anUnknownNameIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Integrations().get("jboss"));
    }
}
