package dev.gracefulagent.testbed.tomcat;

import dev.gracefulagent.testbed.support.BackgroundWorkScenarios;
import java.nio.file.Path;

/** The shared BackgroundWork scenarios against testbed-tomcat (Tomcat 11). */
class Tomcat11BackgroundWorkIT extends BackgroundWorkScenarios {
    @Override
    protected Path testbedJar() {
        return Tomcat11GracefulShutdownIT.TESTBED_JAR;
    }
}
