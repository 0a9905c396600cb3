package dev.gracefulagent.testbed.common;

import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The connectors of the Jetty testbeds, one source compiled against each Jetty line (9.4 to 12, where these
 * classes have the same names): HTTP/1.1 on PORT, and the optional transports of {@link Transports}.
 */
public final class JettyTransports {
    private JettyTransports() {
    }

    /** HTTP/1.1 on {@code port}, with h2c (prior knowledge and upgrade) when asked; TLS with ALPN when asked. */
    public static void addConnectors(Server server, int port) {
        HttpConfiguration http = new HttpConfiguration();
        HttpConnectionFactory http1 = new HttpConnectionFactory(http);
        ServerConnector plain = Transports.http2()
                ? new ServerConnector(server, http1, new HTTP2CServerConnectionFactory(http))
                : new ServerConnector(server, http1);
        plain.setPort(port);
        server.addConnector(plain);
        if (Transports.tlsPort() == 0) {
            return;
        }
        SslContextFactory.Server keys = new SslContextFactory.Server();
        keys.setKeyStorePath(Transports.keyStore());
        keys.setKeyStorePassword(Transports.keyStorePassword());
        HttpConfiguration https = new HttpConfiguration(http);
        https.addCustomizer(new SecureRequestCustomizer(false));
        ServerConnector tls;
        if (Transports.http2()) {
            ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory("h2", "http/1.1");
            alpn.setDefaultProtocol("http/1.1");
            tls = new ServerConnector(server, new SslConnectionFactory(keys, alpn.getProtocol()), alpn,
                    new HTTP2ServerConnectionFactory(https), new HttpConnectionFactory(https));
        } else {
            tls = new ServerConnector(server, new SslConnectionFactory(keys, "http/1.1"),
                    new HttpConnectionFactory(https));
        }
        tls.setPort(Transports.tlsPort());
        server.addConnector(tls);
    }
}
