package dev.switchboard.routing.doctor;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.switchboard.config.DeploymentConfig;
import dev.switchboard.config.ProviderConfig;
import dev.switchboard.provider.Deployment;
import dev.switchboard.provider.FailureClass;
import dev.switchboard.provider.Provider;
import dev.switchboard.provider.ProviderRegistry;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The doctor's network steps against local fakes: a name that cannot resolve, a server that never answers, one
 * that does not speak HTTP, and HTTPS servers whose certificates (made with keytool) are expired, name another
 * host, or expire soon.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DoctorStepsTest {
  private static final String KEY = "sk-steps-test-canary-8e1d";
  private Vertx vertx;

  @TempDir
  Path dir;

  @BeforeAll
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private DoctorTarget target(String name, String baseUrl, long timeoutMs) {
    return target(name, baseUrl, timeoutMs, 2_000);
  }

  private DoctorTarget target(String name, String baseUrl, long timeoutMs, long connectTimeoutMs) {
    ProviderConfig config = new ProviderConfig(name, "openai", baseUrl, KEY, timeoutMs, connectTimeoutMs, 4, Map.of());
    Provider provider = ProviderRegistry.builtIn().factory("openai").create(config, vertx);
    Deployment deployment = Deployment.of(config, new DeploymentConfig(name, "some-model", 1, null, true), null);
    return new DoctorTarget(deployment, provider, List.of("g"), List.of("models.g.deployments[0]"));
  }

  private DeploymentReport check(DoctorTarget target, KeyStore trust) throws Exception {
    try {
      return new Doctor(vertx, Set.of(), trust, Clock.systemUTC()).check(target)
          .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } finally {
      target.provider().transport().close();
    }
  }

  private static StepResult failed(DeploymentReport report) {
    return report.failure().orElseThrow(() -> new AssertionError("expected a failure: " + report));
  }

  @Test
  void unresolvableHostIsADnsFailure() throws Exception {
    DeploymentReport report = check(target("nowhere", "https://doctor-check.invalid/v1", 5_000), null);

    StepResult failure = failed(report);
    assertEquals("dns", failure.name());
    assertEquals(FailureClass.DNS_FAILURE, failure.reason());
    assertTrue(failure.detail().contains("cannot resolve doctor-check.invalid"), failure.detail());
    assertTrue(failure.fix().contains("providers.nowhere.base_url"), failure.fix());
    assertEquals(1, report.steps().size(), "nothing runs after the first failure");
  }

  @Test
  void fullAcceptQueueIsAConnectTimeoutNamingTheAddress() throws Exception {
    List<Socket> queued = new ArrayList<>();
    try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), full.getLocalPort());
      boolean filled = false;
      for (int i = 0; i < 16 && !filled; i++) {
        Socket socket = new Socket();
        queued.add(socket);
        try {
          socket.connect(address, 300);
        } catch (SocketTimeoutException e) {
          filled = true;
        }
      }
      assumeTrue(filled, "this kernel does not drop connections when the accept queue is full");
      DeploymentReport report = check(target("full", "http://127.0.0.1:" + full.getLocalPort() + "/v1", 5_000, 500),
          null);

      StepResult failure = failed(report);
      assertEquals("tcp", failure.name());
      assertEquals(FailureClass.CONNECT_TIMEOUT, failure.reason());
      assertTrue(failure.detail().startsWith("127.0.0.1:" + full.getLocalPort() + " timed out after "),
          failure.detail());
      assertTrue(failure.fix().contains("providers.full.connect_timeout_ms"), failure.fix());
    } finally {
      for (Socket socket : queued) {
        socket.close();
      }
    }
  }

  @Test
  void serverThatNeverAnswersIsAReadTimeoutAtTheHttpStep() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      DeploymentReport report = check(target("silent", "http://127.0.0.1:" + silent.getLocalPort() + "/v1", 1_000), null);

      StepResult failure = failed(report);
      assertEquals("http", failure.name());
      assertEquals(FailureClass.READ_TIMEOUT, failure.reason());
      assertTrue(failure.detail().contains("within 1000 ms"), failure.detail());
      assertTrue(failure.ms() >= 900 && failure.ms() < 5_000, "took " + failure.ms());
    }
  }

  @Test
  void serverThatDoesNotSpeakHttpIsAMalformedResponse() throws Exception {
    try (OneReply ssh = new OneReply("SSH-2.0-OpenSSH_9.6\r\n")) {
      DeploymentReport report = check(target("ssh", "http://127.0.0.1:" + ssh.port() + "/v1", 5_000), null);

      StepResult failure = failed(report);
      assertEquals("http", failure.name());
      assertEquals(FailureClass.MALFORMED_RESPONSE, failure.reason());
      assertTrue(failure.detail().contains("\"SSH-2.0-OpenSSH_9.6..\""), failure.detail());
      assertTrue(failure.fix().contains("http:// or https://"), failure.fix());
    }
  }

  @Test
  void httpsUrlOnAPlainHttpPortIsATlsProtocolMismatch() throws Exception {
    try (OneReply plain = new OneReply("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")) {
      DeploymentReport report = check(target("plain", "https://127.0.0.1:" + plain.port() + "/v1", 5_000), null);

      StepResult failure = failed(report);
      assertEquals("tls", failure.name());
      assertEquals(FailureClass.TLS_ERROR, failure.reason());
      assertTrue(failure.fix().contains("use http://"), failure.fix());
    }
  }

  @Test
  void expiredCertificateNamesTheDate() throws Exception {
    Path keystore = TestCertificates.create(dir, "expired", "127.0.0.1", "ip:127.0.0.1", "-30d", 10);
    WireMockServer https = httpsServer(keystore);
    try {
      DeploymentReport report = check(target("expired", "https://127.0.0.1:" + https.httpsPort() + "/v1", 5_000),
          TestCertificates.trusting(keystore));

      StepResult failure = failed(report);
      assertEquals("tls", failure.name());
      assertEquals(FailureClass.TLS_ERROR, failure.reason());
      assertTrue(failure.detail().matches(
          "certificate CN=127\\.0\\.0\\.1 expired on \\d{4}-\\d\\d-\\d\\d .* \\(2\\d days ago\\)"), failure.detail());
      assertTrue(failure.fix().contains("renew"), failure.fix());
    } finally {
      https.stop();
    }
  }

  @Test
  void certificateForAnotherHostListsItsNames() throws Exception {
    Path keystore = TestCertificates.create(dir, "wronghost", "wrong.example", "dns:wrong.example", null, 30);
    WireMockServer https = httpsServer(keystore);
    try {
      DeploymentReport report = check(target("wronghost", "https://127.0.0.1:" + https.httpsPort() + "/v1", 5_000),
          TestCertificates.trusting(keystore));

      StepResult failure = failed(report);
      assertEquals("tls", failure.name());
      assertEquals(FailureClass.TLS_ERROR, failure.reason());
      assertEquals("hostname mismatch: 127.0.0.1 is not covered; the certificate names wrong.example", failure.detail());
      assertTrue(failure.fix().contains("(it names wrong.example)"), failure.fix());
    } finally {
      https.stop();
    }
  }

  @Test
  void certificateExpiringSoonIsAWarningNotAFailure() throws Exception {
    Path keystore = TestCertificates.create(dir, "soon", "127.0.0.1", "ip:127.0.0.1", null, 5);
    WireMockServer https = httpsServer(keystore);
    try {
      DeploymentReport report = check(target("soon", "https://127.0.0.1:" + https.httpsPort() + "/v1", 5_000),
          TestCertificates.trusting(keystore));

      StepResult tls = report.steps().get(2);
      assertEquals("tls", tls.name());
      assertEquals(StepStatus.WARN, tls.status(), tls::toString);
      assertTrue(tls.detail().contains("CN=127.0.0.1 issued by CN=127.0.0.1"), tls.detail());
      assertTrue(tls.detail().contains("(4 days left)") || tls.detail().contains("(5 days left)"), tls.detail());
      assertTrue(tls.fix().startsWith("renew the certificate before "), tls.fix());
      assertEquals("http", report.steps().get(3).name(), "a warning does not stop the walk");
      assertFalse(report.steps().get(3).failed(), report.steps().get(3)::toString);
    } finally {
      https.stop();
    }
  }

  private static WireMockServer httpsServer(Path keystore) {
    WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").httpDisabled(true)
        .dynamicHttpsPort().keystorePath(keystore.toString()).keystoreType("PKCS12")
        .keystorePassword(TestCertificates.PASSWORD).keyManagerPassword(TestCertificates.PASSWORD));
    server.start();
    return server;
  }

  /** A server on 127.0.0.1 that answers each connection with fixed bytes and closes it. */
  private static final class OneReply implements AutoCloseable {
    private final ServerSocket server;
    private final Thread thread;

    OneReply(String reply) throws IOException {
      server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
      thread = new Thread(() -> {
        while (!server.isClosed()) {
          try (Socket socket = server.accept()) {
            OutputStream out = socket.getOutputStream();
            out.write(reply.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            socket.shutdownOutput();
          } catch (IOException closed) {
            return;
          }
        }
      }, "one-reply-server");
      thread.setDaemon(true);
      thread.start();
    }

    int port() {
      return server.getLocalPort();
    }

    @Override
    public void close() throws Exception {
      server.close();
      thread.join(5_000);
    }
  }
}
