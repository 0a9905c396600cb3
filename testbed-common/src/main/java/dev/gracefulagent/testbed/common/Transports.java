package dev.gracefulagent.testbed.common;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The optional transports a testbed offers besides plain HTTP/1.1 on {@code PORT}, from the environment:
 * {@code H2=true} adds HTTP/2 (h2c on {@code PORT}; on the TLS port, h2 chosen by ALPN); {@code TLS_PORT} adds a
 * TLS listener there with the PKCS12 key store {@code TLS_KEYSTORE} (password {@code TLS_PASSWORD}, default
 * {@code changeit}). Without them a testbed serves exactly as before.
 */
public final class Transports {
    private Transports() {
    }

    public static boolean http2() {
        return Boolean.parseBoolean(System.getenv("H2"));
    }

    /** The TLS port, or 0 for none. */
    public static int tlsPort() {
        String port = System.getenv("TLS_PORT");
        return port == null || port.isEmpty() ? 0 : Integer.parseInt(port);
    }

    public static String keyStore() {
        String path = System.getenv("TLS_KEYSTORE");
        if (path == null || path.isEmpty()) {
            throw new IllegalStateException("TLS_PORT is set but TLS_KEYSTORE is not");
        }
        return path;
    }

    public static String keyStorePassword() {
        return System.getenv().getOrDefault("TLS_PASSWORD", "changeit");
    }

    /** An SSL context with the key store's key, for servers configured by one (Undertow). */
    public static SSLContext sslContext() throws Exception {
        char[] password = keyStorePassword().toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Paths.get(keyStore()))) {
            store.load(in, password);
        }
        KeyManagerFactory keys =
                KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }
}
