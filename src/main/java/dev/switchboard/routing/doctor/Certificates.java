package dev.switchboard.routing.doctor;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;

/** Facts about a server certificate as an operator reads them: names, issuer, validity, days left. */
final class Certificates {
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
      .withZone(ZoneOffset.UTC);
  private static final int DNS_NAME = 2;
  private static final int IP_ADDRESS = 7;

  private Certificates() {}

  /** The subject, readable: {@code CN=api.example.com, O=Example}. */
  static String subject(X509Certificate cert) {
    return cert.getSubjectX500Principal().getName(X500Principal.RFC2253).replace(",", ", ");
  }

  static String issuer(X509Certificate cert) {
    return cert.getIssuerX500Principal().getName(X500Principal.RFC2253).replace(",", ", ");
  }

  static boolean selfSigned(X509Certificate cert) {
    return cert.getSubjectX500Principal().equals(cert.getIssuerX500Principal());
  }

  static String date(Instant when) {
    return DAY.format(when);
  }

  /** Whole days from {@code now} until the certificate's end date; negative once it has expired. */
  static long daysLeft(X509Certificate cert, Instant now) {
    return Duration.between(now, cert.getNotAfter().toInstant()).toDays();
  }

  /** The DNS and IP names the certificate covers (its subjectAltNames, or its CN when it has none). */
  static List<String> names(X509Certificate cert) {
    List<String> names = new ArrayList<>();
    try {
      Collection<List<?>> alt = cert.getSubjectAlternativeNames();
      if (alt != null) {
        for (List<?> entry : alt) {
          int type = (Integer) entry.get(0);
          if (type == DNS_NAME || type == IP_ADDRESS) {
            names.add(String.valueOf(entry.get(1)));
          }
        }
      }
    } catch (CertificateParsingException unreadable) {
      return names;
    }
    if (names.isEmpty()) {
      commonName(cert).ifPresent(names::add);
    }
    return names;
  }

  /** Whether one of the certificate's names covers {@code host} (exact, or a {@code *.} wildcard for one label). */
  static boolean covers(X509Certificate cert, String host) {
    String wanted = host.toLowerCase(Locale.ROOT);
    for (String name : names(cert)) {
      String n = name.toLowerCase(Locale.ROOT);
      if (n.equals(wanted) || sameIp(n, wanted)) {
        return true;
      }
      if (n.startsWith("*.") && wanted.endsWith(n.substring(1))
          && wanted.indexOf('.') == wanted.length() - n.length() + 1) {
        return true;
      }
    }
    return false;
  }

  /** Whether two IP literals name the same address ({@code ::1} and {@code 0:0:0:0:0:0:0:1}); never a DNS lookup. */
  private static boolean sameIp(String a, String b) {
    if (!isIpLiteral(a) || !isIpLiteral(b)) {
      return false;
    }
    try {
      return InetAddress.getByName(a).equals(InetAddress.getByName(b));
    } catch (UnknownHostException notAnAddress) {
      return false;
    }
  }

  static boolean isIpLiteral(String host) {
    return host.contains(":") || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
  }

  private static Optional<String> commonName(X509Certificate cert) {
    for (String part : cert.getSubjectX500Principal().getName(X500Principal.RFC2253).split(",")) {
      if (part.startsWith("CN=")) {
        return Optional.of(part.substring(3));
      }
    }
    return Optional.empty();
  }
}
