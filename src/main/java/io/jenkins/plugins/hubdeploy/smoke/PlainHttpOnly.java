package io.jenkins.plugins.hubdeploy.smoke;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

/**
 * The TLS context of a client that talks to an {@code http://} hub (and never follows a redirect): it trusts no
 * certificate at all, so it can never carry a TLS connection. The JDK's HTTP client builds
 * {@code SSLContext.getDefault()} when given none, which loads and parses the CA store: a quarter of a cold
 * {@code hubdeploy smoke}'s start-up (about 60 ms of 240 measured) spent on TLS a plain-http hub never uses.
 */
final class PlainHttpOnly {
    static final SSLContext SSL_CONTEXT = create();

    private PlainHttpOnly() {
    }

    private static SSLContext create() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[0], new TrustManager[] {new TrustNothing()}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS implementation in this JVM", e);
        }
    }

    static final class TrustNothing implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a plain-http hub client makes no TLS connections");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a plain-http hub client makes no TLS connections");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
