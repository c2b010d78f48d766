package dev.switchboard.provider.vertex;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.switchboard.provider.FailureClass;
import dev.switchboard.provider.UpstreamFailureException;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fetching and refreshing access tokens from a service-account key whose {@code token_uri} is a WireMock fake
 * counting the calls, with an injected clock: one fetch, reuse while valid, refresh ahead of expiry, and every
 * failure classified {@code auth_rejected} with the reason.
 */
class AccessTokensTest {
  private static final String TOKEN_PATH = "/token";
  private static final String JWT_GRANT = "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer";

  @TempDir
  static Path dir;
  static WireMockServer oauth;
  static Path keyFile;
  private final MovableClock clock = new MovableClock(Instant.now());

  /** A clock the test moves by hand. */
  static final class MovableClock extends Clock {
    private Instant now;

    MovableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  @BeforeAll
  static void start() {
    oauth = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    oauth.start();
    keyFile = ServiceAccountKeys.write(dir, "key.json", "http://127.0.0.1:" + oauth.port() + TOKEN_PATH);
  }

  @AfterAll
  static void stop() {
    oauth.stop();
  }

  @BeforeEach
  void reset() {
    oauth.resetAll();
  }

  static ResponseDefinitionBuilder token(String value, int expiresInSeconds) {
    return aResponse().withStatus(200).withHeader("Content-Type", "application/json; charset=utf-8")
        .withBody("{\"access_token\":\"" + value + "\",\"expires_in\":" + expiresInSeconds + ",\"token_type\":\"Bearer\"}");
  }

  static ResponseDefinitionBuilder refused(String error, String description) {
    return aResponse().withStatus(400).withHeader("Content-Type", "application/json; charset=UTF-8")
        .withBody("{\"error\":\"" + error + "\",\"error_description\":\"" + description + "\"}");
  }

  /** First call answers {@code first}, every later one {@code then}. */
  static void tokenEndpoint(ResponseDefinitionBuilder first, ResponseDefinitionBuilder then) {
    oauth.stubFor(post(urlEqualTo(TOKEN_PATH)).inScenario("tokens").whenScenarioStateIs(Scenario.STARTED)
        .withRequestBody(containing(JWT_GRANT)).willReturn(first).willSetStateTo("fetched"));
    oauth.stubFor(post(urlEqualTo(TOKEN_PATH)).inScenario("tokens").whenScenarioStateIs("fetched")
        .withRequestBody(containing(JWT_GRANT)).willReturn(then));
  }

  private AccessTokens tokens() {
    return new AccessTokens(new GoogleTokenSource(keyFile), clock);
  }

  private static int calls() {
    return oauth.countRequestsMatching(postRequestedFor(urlEqualTo(TOKEN_PATH)).build()).getCount();
  }

  private static String authRejected(AccessTokens tokens) {
    UpstreamFailureException e = assertThrows(UpstreamFailureException.class, tokens::bearer);
    assertEquals(FailureClass.AUTH_REJECTED, e.failure().reason());
    return e.failure().message();
  }

  @Test
  void oneFetchThenTheCachedTokenWhileItIsValid() {
    tokenEndpoint(token("ya29.first", 3599), token("ya29.second", 3599));
    AccessTokens tokens = tokens();
    assertTrue(authRejected(tokens).contains("no access token fetched yet"));

    tokens.refresh();
    assertEquals("ya29.first", tokens.bearer());
    assertEquals("ya29.first", tokens.bearer());
    clock.advance(Duration.ofMinutes(54));
    assertFalse(tokens.refreshDue(), "not yet within five minutes of expiry");
    assertEquals("ya29.first", tokens.bearer());
    assertEquals(1, calls());
    assertFalse(tokens.toString().contains("ya29.first"), tokens.toString());
  }

  @Test
  void refreshedFiveMinutesBeforeExpiry() {
    tokenEndpoint(token("ya29.first", 3600), token("ya29.second", 3600));
    AccessTokens tokens = tokens();
    tokens.refresh();

    clock.advance(Duration.ofMinutes(55).plusSeconds(1));
    assertTrue(tokens.refreshDue());
    assertEquals("ya29.first", tokens.bearer(), "the old token still serves until the refresh lands");
    tokens.refresh();
    assertEquals("ya29.second", tokens.bearer());
    assertFalse(tokens.refreshDue());
    assertEquals(2, calls());
  }

  @Test
  void anExpiredTokenWhoseRefreshWasRefusedFailsTheAttempt() {
    tokenEndpoint(token("ya29.first", 3600), refused("invalid_grant", "Invalid JWT Signature."));
    AccessTokens tokens = tokens();
    tokens.refresh();

    clock.advance(Duration.ofMinutes(58));
    tokens.refresh();
    assertEquals("ya29.first", tokens.bearer(), "a failed refresh keeps the token until it expires");
    clock.advance(Duration.ofMinutes(3));
    String why = authRejected(tokens);
    assertTrue(why.contains("expired") && why.contains("refused") && why.contains("Invalid JWT Signature"), why);
  }

  @Test
  void clockSkewIsCalledOut() {
    tokenEndpoint(refused("invalid_grant", "Invalid JWT: Token must be a short-lived token (60 minutes) and in a "
        + "reasonable timeframe. Check your iat and exp values in the JWT claim."), token("ya29.late", 3600));
    AccessTokens tokens = tokens();
    tokens.refresh();

    String why = authRejected(tokens);
    assertTrue(why.contains("HTTP 400") && why.contains("clock skew") && why.contains("check this host's clock"), why);
  }

  @Test
  void anUnreadableKeyFileIsNamed() {
    Path missing = dir.resolve("no-such-key.json");
    AccessTokens tokens = new AccessTokens(new GoogleTokenSource(missing), clock);
    tokens.refresh();

    String why = authRejected(tokens);
    assertTrue(why.contains("cannot read credentials_file") && why.contains("no-such-key.json"), why);
    assertEquals(0, calls());
  }

  @Test
  void aTokenEndpointThatIsNotListeningIsNamed() {
    Path key = ServiceAccountKeys.write(dir, "closed.json", "http://127.0.0.1:" + closedPort() + TOKEN_PATH);
    AccessTokens tokens = new AccessTokens(new GoogleTokenSource(key), clock);
    tokens.refresh();

    assertTrue(authRejected(tokens).contains("no answer from the token endpoint"));
  }

  @Test
  void theBackgroundRefreshRunsOnAWorkerAheadOfExpiry() throws Exception {
    // a token living 2 s is refreshed after half its life, on a worker thread, never on an event loop
    tokenEndpoint(token("ya29.short-1", 2), token("ya29.short-2", 2));
    List<Boolean> onEventLoop = new CopyOnWriteArrayList<>();
    GoogleTokenSource google = new GoogleTokenSource(keyFile);
    AccessTokens tokens = new AccessTokens(() -> {
      onEventLoop.add(Context.isOnEventLoopThread());
      return google.fetch();
    }, Clock.systemUTC());
    Vertx vertx = Vertx.vertx();
    try {
      tokens.start(vertx).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertEquals("ya29.short-1", tokens.bearer());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (calls() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertTrue(calls() >= 2, "refreshed ahead of expiry");
      assertEquals("ya29.short-2", pollFor(tokens, "ya29.short-2"));
      assertFalse(onEventLoop.contains(Boolean.TRUE), "fetched on a worker: " + onEventLoop);
    } finally {
      tokens.close();
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private static String pollFor(AccessTokens tokens, String expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    String seen = tokens.bearer();
    while (!expected.equals(seen) && System.nanoTime() < deadline) {
      Thread.sleep(20);
      seen = tokens.bearer();
    }
    return seen;
  }

  private static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
