package dev.gracefulagent.testbed.tomcat;

import dev.gracefulagent.testbed.common.EchoEndpoint;
import dev.gracefulagent.testbed.common.TickerEndpoint;
import dev.gracefulagent.testbed.common.Transports;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.HashSet;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.util.ServerInfo;
import org.apache.coyote.http2.Http2Protocol;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.apache.tomcat.websocket.server.WsSci;

/**
 * An ordinary embedded Tomcat service, the kind users attach the agent to: it has no shutdown code at all.
 * PORT selects the port (default 8080), H2 and TLS_PORT add HTTP/2 and a TLS listener (see {@link Transports}),
 * MAX_CONNECTIONS the connector's maxConnections (Tomcat's default 8192).
 * The same source runs on Tomcat 9, 10.1 and 11; for Tomcat 9 the build moves its servlets and WebSocket
 * endpoints from {@code jakarta} to {@code javax}.
 */
public final class TomcatTestbed {
    private TomcatTestbed() {
    }

    /** The Tomcat 10.1 and 11 builds carry DataEndpoints (Jakarta servlets); the javax build of Tomcat 9 does not. */
    private static void addDataEndpointsWhereBuilt(Context context) throws Exception {
        Class<?> endpoints;
        try {
            endpoints = Class.forName("dev.gracefulagent.testbed.tomcat.DataEndpoints");
        } catch (ClassNotFoundException javaxBuild) {
            return;
        }
        endpoints.getMethod("addTo", Context.class).invoke(null, context);
    }

    /** HTTPS on TLS_PORT with the TLS_KEYSTORE key; h2 offered by ALPN when H2 is set. */
    private static Connector tlsConnector() {
        Connector tls = new Connector();
        tls.setPort(Transports.tlsPort());
        tls.setScheme("https");
        tls.setSecure(true);
        tls.setProperty("SSLEnabled", "true");
        SSLHostConfig host = new SSLHostConfig();
        SSLHostConfigCertificate certificate = new SSLHostConfigCertificate(host, SSLHostConfigCertificate.Type.UNDEFINED);
        certificate.setCertificateKeystoreFile(Transports.keyStore());
        certificate.setCertificateKeystorePassword(Transports.keyStorePassword());
        certificate.setCertificateKeystoreType("PKCS12");
        host.addCertificate(certificate);
        tls.addSslHostConfig(host);
        if (Transports.http2()) {
            tls.addUpgradeProtocol(new Http2Protocol());
        }
        return tls;
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createTempDirectory("testbed-tomcat").toString());
        tomcat.setPort(port);
        Connector connector = tomcat.getConnector();
        // Tomcat admits 8192 connections by default; the scale benchmark holds 10,000 open at once
        String maxConnections = System.getenv("MAX_CONNECTIONS");
        if (maxConnections != null) {
            connector.setProperty("maxConnections", maxConnections);
        }

        if (Transports.http2()) { // h2c by prior knowledge and upgrade
            connector.addUpgradeProtocol(new Http2Protocol());
        }
        if (Transports.tlsPort() != 0) {
            tomcat.getService().addConnector(tlsConnector());
        }

        Context context = tomcat.addContext("", null);
        Tomcat.addServlet(context, "work", new WorkServlet());
        context.addServletMappingDecoded("/work", "work");
        Wrapper async = Tomcat.addServlet(context, "async", new AsyncWorkServlet());
        async.setAsyncSupported(true);
        context.addServletMappingDecoded("/async", "async");
        // JSR-356: /ws/echo and /ws/ticker; upgrade requests reach Tomcat's WebSocket filter on a mapped path only
        context.addServletContainerInitializer(new WsSci(),
                new HashSet<>(Arrays.asList(EchoEndpoint.class, TickerEndpoint.class)));
        Tomcat.addServlet(context, "default", "org.apache.catalina.servlets.DefaultServlet");
        context.addServletMappingDecoded("/", "default");

        addDataEndpointsWhereBuilt(context);

        tomcat.start();
        System.out.println("testbed-tomcat ready on port " + port + " (" + ServerInfo.getServerInfo() + ")");
        tomcat.getServer().await();
    }
}
