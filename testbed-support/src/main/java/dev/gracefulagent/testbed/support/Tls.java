package dev.gracefulagent.testbed.support;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS side of the end-to-end tests: a self-signed key for the testbeds, made with {@code keytool} at test time
 * (no key is kept in the sources), and client sockets that trust it and offer ALPN protocols.
 */
public final class Tls {
    public static final String PASSWORD = "changeit";
    private static Path keyStore;

    private Tls() {
    }

    /** A PKCS12 key store with a fresh self-signed key for 127.0.0.1, made once per test JVM in target/. */
    public static synchronized Path keyStore() throws IOException, InterruptedException {
        if (keyStore == null) {
            Path store = Paths.get("target", "testbed-tls-" + ProcessHandle.current().pid() + ".p12").toAbsolutePath();
            Files.deleteIfExists(store);
            Process keytool = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-genkeypair", "-alias", "testbed", "-keyalg", "EC", "-groupname", "secp256r1",
                    "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2",
                    "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", PASSWORD)
                    .redirectErrorStream(true).start();
            String output = new String(keytool.getInputStream().readAllBytes());
            if (keytool.waitFor() != 0) {
                throw new IOException("keytool failed: " + output);
            }
            store.toFile().deleteOnExit();
            keyStore = store;
        }
        return keyStore;
    }

    /** The testbed environment for a TLS listener on {@code port} with the test key. */
    public static ServiceProcess.Builder listener(ServiceProcess.Builder builder, int port)
            throws IOException, InterruptedException {
        return builder.env("TLS_PORT", Integer.toString(port)).env("TLS_KEYSTORE", keyStore().toString())
                .env("TLS_PASSWORD", PASSWORD);
    }

    /** A client TLS socket over {@code plain}, trusting any certificate, offering {@code protocols} by ALPN. */
    public static SSLSocket wrap(Socket plain, int port, String... protocols) throws IOException {
        SSLSocket socket = (SSLSocket) trustAll().getSocketFactory().createSocket(plain, "127.0.0.1", port, true);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setApplicationProtocols(protocols);
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        return socket;
    }

    private static SSLContext trustAll() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
