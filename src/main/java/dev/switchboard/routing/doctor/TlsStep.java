package dev.switchboard.routing.doctor;

import dev.switchboard.provider.FailureClass;
import dev.switchboard.provider.Failures;
import dev.switchboard.provider.TlsProblem;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;

/**
 * {@code tls}: a handshake over the connected socket with hostname verification, reporting the certificate's
 * subject, issuer and expiry; a certificate that ends within {@value #WARN_DAYS} days is a warning.
 */
final class TlsStep extends BlockingStep {
  static final String NAME = "tls";
  static final int WARN_DAYS = 14;

  private final KeyStore trustStore;
  private final Clock clock;

  /** {@code trustStore}: the certificates to trust, or null for the JVM's truststore. */
  TlsStep(Vertx vertx, KeyStore trustStore, Clock clock) {
    super(vertx);
    this.trustStore = trustStore;
    this.clock = clock;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  StepResult runBlocking(CheckState state) {
    Endpoint endpoint = state.endpoint;
    RecordingTrustManager trust;
    SSLSocket tls;
    try {
      trust = RecordingTrustManager.over(trustStore);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {trust}, null);
      tls = (SSLSocket) context.getSocketFactory().createSocket(state.socket(), endpoint.host(), endpoint.port(), true);
    } catch (GeneralSecurityException | IOException e) {
      return StepResult.fail(NAME, FailureClass.TLS_ERROR, "cannot set up TLS in this JVM: " + e.getMessage(),
          state.hints.tls(state.target, endpoint, TlsProblem.OTHER, List.of()));
    }
    state.socket(tls);
    try {
      SSLParameters parameters = tls.getSSLParameters();
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      tls.setSSLParameters(parameters);
      tls.setSoTimeout(socketTimeoutMs(state));
      tls.startHandshake();
    } catch (SocketTimeoutException e) {
      return StepResult.fail(NAME, FailureClass.TLS_ERROR, "no TLS handshake answer from " + endpoint.authority()
          + " within " + socketTimeoutMs(state) + " ms",
          state.hints.tls(state.target, endpoint, TlsProblem.PROTOCOL_MISMATCH, List.of()));
    } catch (IOException e) {
      return rejected(state, e, trust.presented());
    }
    return accepted(state, tls.getSession());
  }

  private StepResult accepted(CheckState state, SSLSession session) {
    X509Certificate leaf;
    try {
      leaf = (X509Certificate) session.getPeerCertificates()[0];
    } catch (IOException e) {
      return StepResult.fail(NAME, FailureClass.TLS_ERROR, "the server sent no certificate",
          state.hints.tls(state.target, state.endpoint, TlsProblem.OTHER, List.of()));
    }
    Instant now = clock.instant();
    Optional<StepResult> invalid = validity(state, leaf, now);
    if (invalid.isPresent()) {
      return invalid.get();
    }
    long days = Certificates.daysLeft(leaf, now);
    String until = Certificates.date(leaf.getNotAfter().toInstant());
    String detail = session.getProtocol() + ", certificate " + Certificates.subject(leaf) + " issued by "
        + Certificates.issuer(leaf) + ", valid until " + until + " (" + days + " days left)";
    return days < WARN_DAYS ? StepResult.warn(NAME, detail + " - expires in under " + WARN_DAYS + " days",
        state.hints.certificateExpiresSoon(until)) : StepResult.ok(NAME, detail);
  }

  /** An expired or not-yet-valid certificate fails even when the truststore accepted it (a pinned leaf). */
  private Optional<StepResult> validity(CheckState state, X509Certificate cert, Instant now) {
    Instant notAfter = cert.getNotAfter().toInstant();
    Instant notBefore = cert.getNotBefore().toInstant();
    if (now.isAfter(notAfter)) {
      return Optional.of(StepResult.fail(NAME, FailureClass.TLS_ERROR, "certificate " + Certificates.subject(cert)
          + " expired on " + Certificates.date(notAfter) + " (" + -Certificates.daysLeft(cert, now) + " days ago)",
          state.hints.tls(state.target, state.endpoint, TlsProblem.EXPIRED, List.of())));
    }
    if (now.isBefore(notBefore)) {
      return Optional.of(StepResult.fail(NAME, FailureClass.TLS_ERROR, "certificate " + Certificates.subject(cert)
          + " is not valid before " + Certificates.date(notBefore),
          state.hints.tls(state.target, state.endpoint, TlsProblem.NOT_YET_VALID, List.of())));
    }
    return Optional.empty();
  }

  private StepResult rejected(CheckState state, IOException error, Optional<X509Certificate[]> chain) {
    Endpoint endpoint = state.endpoint;
    TlsProblem problem = TlsProblem.of(error);
    if (chain.isEmpty()) {
      return StepResult.fail(NAME, FailureClass.TLS_ERROR, Failures.fromThrowable(error).message(),
          state.hints.tls(state.target, endpoint, problem, List.of()));
    }
    X509Certificate leaf = chain.get()[0];
    Instant now = clock.instant();
    for (X509Certificate cert : chain.get()) {
      Optional<StepResult> invalid = validity(state, cert, now);
      if (invalid.isPresent()) {
        return invalid.get();
      }
    }
    List<String> names = Certificates.names(leaf);
    String nameFacts = "the certificate names " + (names.isEmpty() ? "no host" : String.join(", ", names));
    String detail = switch (problem) {
      case HOSTNAME_MISMATCH -> "hostname mismatch: " + endpoint.host() + " is not covered; " + nameFacts;
      case UNTRUSTED -> untrusted(chain.get()) + (Certificates.covers(leaf, endpoint.host()) ? ""
          : "; also, " + nameFacts + ", not " + endpoint.host());
      default -> Failures.fromThrowable(error).message() + "; " + nameFacts;
    };
    return StepResult.fail(NAME, FailureClass.TLS_ERROR, detail, state.hints.tls(state.target, endpoint, problem, names));
  }

  private static String untrusted(X509Certificate[] chain) {
    X509Certificate top = chain[chain.length - 1];
    if (chain.length == 1 && Certificates.selfSigned(top)) {
      return "untrusted issuer: the certificate " + Certificates.subject(top) + " is self-signed and not in this "
          + "JVM's truststore";
    }
    return "untrusted issuer: " + Certificates.issuer(top) + " (issuer of " + Certificates.subject(top)
        + ") is not in this JVM's truststore";
  }

  @Override
  public long timeoutMs(CheckState state) {
    return socketTimeoutMs(state) + GRACE_MS;
  }

  @Override
  public StepResult timedOut(CheckState state, long ms) {
    return StepResult.fail(NAME, FailureClass.TLS_ERROR, "the TLS handshake with " + state.endpoint.authority()
        + " did not finish within " + ms + " ms",
        state.hints.tls(state.target, state.endpoint, TlsProblem.PROTOCOL_MISMATCH, List.of()));
  }
}
