package dev.switchboard.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.security.cert.CertificateExpiredException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FailuresTest {
  private static final MultiMap NO_HEADERS = MultiMap.caseInsensitiveMultiMap();

  private static Buffer openAiError(String message, String type, String code) {
    return Buffer.buffer("{\"error\":{\"message\":\"" + message + "\",\"type\":\"" + type + "\",\"param\":null,\"code\":"
        + (code == null ? "null" : "\"" + code + "\"") + "}}");
  }

  @ParameterizedTest
  @ValueSource(ints = {401, 403})
  void authRejected(int status) {
    Failure f = Failures.fromStatus(status, NO_HEADERS, openAiError("denied", "invalid_request_error", "invalid_api_key"));
    assertEquals(FailureClass.AUTH_REJECTED, f.reason());
    assertEquals("auth_rejected", f.reason().wireName());
    assertTrue(f.retryable(), "another deployment with another key may work");
    assertEquals(status, f.status());
    assertEquals("HTTP " + status + ": denied", f.message());
    assertEquals(-1, f.retryAfterMs());
  }

  @Test
  void rateLimitedWithRetryAfterSeconds() {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Retry-After", "7");
    Failure f = Failures.fromStatus(429, headers, openAiError("Rate limit reached for gpt-4o", "requests", "rate_limit_exceeded"));
    assertEquals(FailureClass.RATE_LIMITED, f.reason());
    assertTrue(f.retryable());
    assertEquals(7000, f.retryAfterMs());
    assertEquals("HTTP 429: Rate limit reached for gpt-4o", f.message());
  }

  @Test
  void rateLimitedWithRetryAfterMsWinsOverSeconds() {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("retry-after-ms", "1500").add("retry-after", "2");
    assertEquals(1500, Failures.fromStatus(429, headers, Buffer.buffer()).retryAfterMs());
  }

  @Test
  void unreadableRetryAfterIsIgnored() {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("retry-after", "soon");
    Failure f = Failures.fromStatus(429, headers, null);
    assertEquals(-1, f.retryAfterMs());
    assertEquals("HTTP 429", f.message());
  }

  @ParameterizedTest
  @ValueSource(ints = {500, 502, 503})
  void serverErrorsAreRetryable(int status) {
    Failure f = Failures.fromStatus(status, NO_HEADERS, openAiError("The server had an error", "server_error", null));
    assertEquals(FailureClass.UPSTREAM_5XX, f.reason());
    assertTrue(f.retryable());
    assertFalse(f.isTimeout());
    assertEquals("HTTP " + status + ": The server had an error", f.message());
  }

  @ParameterizedTest
  @ValueSource(ints = {504, 408})
  void gatewayTimeoutIsReadTimeout(int status) {
    Failure f = Failures.fromStatus(status, NO_HEADERS, null);
    assertEquals(FailureClass.READ_TIMEOUT, f.reason());
    assertTrue(f.isTimeout());
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 404, 422})
  void callerErrorsAreNotRetryable(int status) {
    Failure f = Failures.fromStatus(status, NO_HEADERS,
        openAiError("The model `gpt-9` does not exist", "invalid_request_error", "model_not_found"));
    assertEquals(FailureClass.CALLER_ERROR, f.reason());
    assertFalse(f.retryable());
    assertEquals("HTTP " + status + ": The model `gpt-9` does not exist", f.message());
  }

  @Test
  void keyLikeStringsAreMasked() {
    Buffer body = openAiError("Incorrect API key provided: sk-abc123456789. You can find your API key at "
        + "https://platform.openai.com/account/api-keys.", "invalid_request_error", "invalid_api_key");
    Failure f = Failures.fromStatus(401, NO_HEADERS, body);
    assertEquals("HTTP 401: Incorrect API key provided: sk-***. You can find your API key at "
        + "https://platform.openai.com/account/api-keys.", f.message());
    assertFalse(f.message().contains("abc123456789"));
    assertEquals("used sk-*** and AIza*** and key-***",
        Failures.redact("used sk-proj-Ab_cd-EF12 and AIzaSyD123456 and key-0123456789"));
  }

  @Test
  void otherErrorBodyShapes() {
    assertEquals("overloaded", Failures.upstreamMessage(Buffer.buffer("{\"error\":\"overloaded\"}")).orElseThrow());
    assertEquals("bad gateway", Failures.upstreamMessage(Buffer.buffer("{\"message\":\"bad gateway\"}")).orElseThrow());
    assertEquals("<html> <body>502 Bad Gateway</body> </html>",
        Failures.upstreamMessage(Buffer.buffer("<html>\n  <body>502 Bad Gateway</body>\n</html>\n")).orElseThrow());
    String longText = Failures.upstreamMessage(Buffer.buffer("x".repeat(1000))).orElseThrow();
    assertEquals("x".repeat(300) + "...", longText);
    assertTrue(Failures.upstreamMessage(Buffer.buffer()).isEmpty());
  }

  @Test
  void dnsFailure() {
    Failure f = Failures.fromThrowable(new UnknownHostException("api.openai.invalid"));
    assertEquals(FailureClass.DNS_FAILURE, f.reason());
    assertTrue(f.retryable());
    assertEquals(0, f.status());
    assertEquals("DNS lookup failed for api.openai.invalid", f.message());
  }

  @Test
  void connectRefused() {
    Failure f = Failures.fromThrowable(new ConnectException("Connection refused: /127.0.0.1:9"));
    assertEquals(FailureClass.CONNECT_REFUSED, f.reason());
    assertTrue(f.message().contains("127.0.0.1:9"), f.message());
  }

  @Test
  void connectTimeoutIsNotMistakenForRefused() {
    // netty's ConnectTimeoutException is a ConnectException
    Failure f = Failures.fromThrowable(new io.netty.channel.ConnectTimeoutException("connection timed out: /10.255.255.1:443"));
    assertEquals(FailureClass.CONNECT_TIMEOUT, f.reason());
    assertTrue(f.isTimeout());
  }

  @Test
  void tlsExpiredCertificate() {
    SSLHandshakeException ssl = new SSLHandshakeException("PKIX path validation failed");
    ssl.initCause(new java.security.cert.CertificateException("validity check failed",
        new CertificateExpiredException("NotAfter: Tue Jan 01 00:00:00 UTC 2019")));
    Failure f = Failures.fromThrowable(ssl);
    assertEquals(FailureClass.TLS_ERROR, f.reason());
    assertTrue(f.message().startsWith("TLS handshake failed: certificate expired"), f.message());
    assertTrue(f.message().contains("NotAfter"), f.message());
  }

  @Test
  void tlsHostnameMismatch() {
    SSLHandshakeException ssl = new SSLHandshakeException("No subject alternative DNS name matching wrong.host found.");
    Failure f = Failures.fromThrowable(ssl);
    assertEquals(FailureClass.TLS_ERROR, f.reason());
    assertTrue(f.message().contains("does not match the hostname"), f.message());
  }

  @Test
  void tlsUntrustedIssuer() {
    SSLHandshakeException ssl = new SSLHandshakeException("PKIX path building failed: "
        + "sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to "
        + "requested target");
    ssl.initCause(new java.security.cert.CertPathBuilderException("unable to find valid certification path to "
        + "requested target"));
    Failure f = Failures.fromThrowable(ssl);
    assertEquals(FailureClass.TLS_ERROR, f.reason());
    assertEquals("TLS handshake failed: certificate issuer is not trusted (unable to find valid certification path "
        + "to requested target)", f.message());
    assertEquals(TlsProblem.UNTRUSTED, TlsProblem.of(ssl));
  }

  @Test
  void tlsProtocolMismatchWhenTheServerSpeaksPlainHttp() {
    SSLException ssl = new SSLException("Unsupported or unrecognized SSL message");
    Failure f = Failures.fromThrowable(ssl);
    assertEquals(FailureClass.TLS_ERROR, f.reason());
    assertTrue(f.message().startsWith("TLS handshake failed: TLS protocol mismatch"), f.message());
    assertEquals(TlsProblem.PROTOCOL_MISMATCH, TlsProblem.of(ssl));
  }

  @Test
  void tlsOtherProblemsKeepTheJdkMessage() {
    Failure f = Failures.fromThrowable(new SSLException("something new"));
    assertEquals("TLS handshake failed: something new", f.message());
    assertEquals(TlsProblem.OTHER, TlsProblem.of(new SSLException("something new")));
  }

  @Test
  void readTimeout() {
    assertEquals(FailureClass.READ_TIMEOUT, Failures.fromThrowable(new TimeoutException("idle 60000 ms")).reason());
    // what Vert.x reports when the request idle timeout fires
    assertEquals(FailureClass.READ_TIMEOUT,
        Failures.fromThrowable(new io.vertx.core.impl.NoStackTraceTimeoutException("idle timeout")).reason());
  }

  @Test
  void wrappedCausesAreUnwrapped() {
    assertEquals(FailureClass.DNS_FAILURE, Failures.fromThrowable(
        new CompletionException(new RuntimeException("outer", new UnknownHostException("x.invalid")))).reason());
    assertEquals(FailureClass.CONNECT_REFUSED, Failures.fromThrowable(
        new io.vertx.core.VertxException("wrapped", new ConnectException("refused"))).reason());
    Failure carried = Failure.of(FailureClass.MALFORMED_RESPONSE, 200, "bad body");
    assertEquals(carried, Failures.fromThrowable(new RuntimeException(new UpstreamFailureException(carried))));
  }

  @Test
  void unknownTransportErrorsAreMalformedAndRedacted() {
    Failure f = Failures.fromThrowable(new IllegalStateException("boom with sk-secret12345678"));
    assertEquals(FailureClass.MALFORMED_RESPONSE, f.reason());
    assertEquals("transport error: boom with sk-***", f.message());
    assertEquals("connection reset by upstream",
        Failures.fromThrowable(new java.io.IOException("Connection reset by peer")).message());
    assertEquals("transport error: NullPointerException", Failures.fromThrowable(new NullPointerException()).message());
  }
}
