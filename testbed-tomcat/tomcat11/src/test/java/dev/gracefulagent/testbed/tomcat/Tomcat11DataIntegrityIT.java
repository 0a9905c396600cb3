package dev.gracefulagent.testbed.tomcat;

import dev.gracefulagent.testbed.support.DataIntegrityScenarios;
import java.nio.file.Path;

/** The shared DataIntegrity scenarios against testbed-tomcat (Tomcat 11). */
class Tomcat11DataIntegrityIT extends DataIntegrityScenarios {
    @Override
    protected Path testbedJar() {
        return Tomcat11GracefulShutdownIT.TESTBED_JAR;
    }
}
