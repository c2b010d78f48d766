package dev.switchboard.routing.doctor;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Optional;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The JVM's trust manager (or one over a given truststore), unchanged in what it accepts, that remembers the
 * chain the server presented, so a rejected certificate can be described: its names, issuer and dates.
 */
final class RecordingTrustManager extends X509ExtendedTrustManager {
  private final X509ExtendedTrustManager delegate;
  private volatile X509Certificate[] presented;

  private RecordingTrustManager(X509ExtendedTrustManager delegate) {
    this.delegate = delegate;
  }

  /** Over {@code trustStore}, or over the JVM's truststore ({@code -Djavax.net.ssl.trustStore}, else cacerts) when null. */
  static RecordingTrustManager over(KeyStore trustStore) throws GeneralSecurityException {
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trustStore);
    for (TrustManager tm : factory.getTrustManagers()) {
      if (tm instanceof X509ExtendedTrustManager x509) {
        return new RecordingTrustManager(x509);
      }
    }
    throw new GeneralSecurityException("the JVM offers no X.509 trust manager");
  }

  /** The server's chain, leaf first, once the handshake got that far. */
  Optional<X509Certificate[]> presented() {
    X509Certificate[] chain = presented;
    return chain == null || chain.length == 0 ? Optional.empty() : Optional.of(chain.clone());
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    presented = Arrays.copyOf(chain, chain.length);
    delegate.checkServerTrusted(chain, authType, socket);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
    presented = Arrays.copyOf(chain, chain.length);
    delegate.checkServerTrusted(chain, authType, engine);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    presented = Arrays.copyOf(chain, chain.length);
    delegate.checkServerTrusted(chain, authType);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    delegate.checkClientTrusted(chain, authType, socket);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
    delegate.checkClientTrusted(chain, authType, engine);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    delegate.checkClientTrusted(chain, authType);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return delegate.getAcceptedIssuers();
  }
}
