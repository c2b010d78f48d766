package dev.switchboard.provider;

import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Locale;

/** What kind of TLS failure a handshake error is, read from the JDK's exception chain. */
public enum TlsProblem {
  /** The server's (or an intermediate) certificate is past its end date. */
  EXPIRED("certificate expired"),
  /** The certificate's start date is in the future (often a wrong clock). */
  NOT_YET_VALID("certificate not yet valid"),
  /** The certificate does not name the host in the URL. */
  HOSTNAME_MISMATCH("certificate does not match the hostname"),
  /** The chain does not lead to a certificate in the truststore (self-signed or private CA). */
  UNTRUSTED("certificate issuer is not trusted"),
  /** The two sides found no common protocol version or cipher, or the server does not speak TLS. */
  PROTOCOL_MISMATCH("TLS protocol mismatch"),
  /** Anything else. */
  OTHER("TLS handshake failed");

  private final String summary;

  TlsProblem(String summary) {
    this.summary = summary;
  }

  /** A few words for operators, e.g. {@code certificate expired}. */
  public String summary() {
    return summary;
  }

  /** Classifies a handshake error by walking its cause chain. */
  public static TlsProblem of(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof CertificateExpiredException) {
        return EXPIRED;
      }
      if (t instanceof CertificateNotYetValidException) {
        return NOT_YET_VALID;
      }
    }
    for (Throwable t = error; t != null; t = t.getCause()) {
      String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
      if (m.contains("subject alternative") || m.contains("no name matching")) {
        return HOSTNAME_MISMATCH;
      }
      if (t instanceof CertPathBuilderException || t instanceof CertPathValidatorException
          || m.contains("unable to find valid certification path") || m.contains("pkix path")
          || m.contains("self-signed") || m.contains("self signed") || m.contains("unknown_ca")) {
        return UNTRUSTED;
      }
      if (m.contains("unsupported or unrecognized ssl message") || m.contains("protocol_version")
          || m.contains("no appropriate protocol") || m.contains("handshake_failure")
          || m.contains("no cipher suites in common") || m.contains("remote host terminated the handshake")
          || m.contains("not an ssl/tls record")) {
        return PROTOCOL_MISMATCH;
      }
    }
    return OTHER;
  }
}
