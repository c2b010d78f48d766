package dev.switchboard.routing.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Self-signed server certificates made with the JDK's {@code keytool}, and truststores that trust them. */
final class TestCertificates {
  static final String PASSWORD = "changeit";
  private static final String ALIAS = "server";

  private TestCertificates() {}

  /**
   * A PKCS#12 keystore with an EC key and a self-signed certificate.
   *
   * @param san       subjectAltName, e.g. {@code ip:127.0.0.1} or {@code dns:wrong.example}
   * @param startDate keytool's {@code -startdate}, e.g. {@code -30d}, or null for now
   */
  static Path create(Path dir, String name, String commonName, String san, String startDate, int validityDays)
      throws Exception {
    Path store = dir.resolve(name + ".p12");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", ALIAS, "-keyalg", "EC", "-groupname", "secp256r1",
        "-dname", "CN=" + commonName, "-ext", "SAN=" + san, "-validity", String.valueOf(validityDays),
        "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD));
    if (startDate != null) {
      command.addAll(List.of("-startdate", startDate));
    }
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "keytool did not finish");
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, process.exitValue(), () -> "keytool failed: " + output);
    return store;
  }

  /** A truststore holding only the certificate of {@code keystore}. */
  static KeyStore trusting(Path keystore) throws Exception {
    KeyStore source = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      source.load(in, PASSWORD.toCharArray());
    }
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    trust.setCertificateEntry("trusted", source.getCertificate(ALIAS));
    return trust;
  }
}
