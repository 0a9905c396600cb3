package dev.gracefulagent.testbed.support;

import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/** A JMX connection to a local JVM by pid, through the attach API's local management agent, like jconsole. */
public final class LocalJmx implements AutoCloseable {
    private final JMXConnector connector;
    private final MBeanServerConnection server;

    private LocalJmx(JMXConnector connector) throws IOException {
        this.connector = connector;
        this.server = connector.getMBeanServerConnection();
    }

    public static LocalJmx connect(long pid) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
        try {
            return new LocalJmx(JMXConnectorFactory.connect(new JMXServiceURL(vm.startLocalManagementAgent())));
        } finally {
            vm.detach();
        }
    }

    public Object attribute(ObjectName name, String attribute) throws Exception {
        return server.getAttribute(name, attribute);
    }

    /** Closes the connection; a JVM that has drained and exited meanwhile leaves nothing to close. */
    @Override
    public void close() {
        try {
            connector.close();
        } catch (IOException e) {
            // the remote JVM ended first: its side of the connection is gone with it
        }
    }
}
