package dev.switchboard.provider.vertex;

import com.google.auth.oauth2.AccessToken;
import dev.switchboard.api.ChatRequest;
import dev.switchboard.api.ChatRequestParser;
import dev.switchboard.config.ProviderConfig;
import dev.switchboard.provider.Deployment;
import dev.switchboard.provider.ProviderAdapter.UpstreamResponse;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;

/** Deployments, a held access token and fixture loading for the Vertex adapter's unit tests. */
final class VertexFixtures {
  static final String TOKEN = "ya29.a0-fixture-access-token-0001";

  private VertexFixtures() {}

  /** Tokens holding {@link #TOKEN} for an hour, fetched without any network. */
  static AccessTokens tokens() {
    AccessTokens tokens = new AccessTokens(
        () -> new AccessToken(TOKEN, Date.from(Instant.now().plus(Duration.ofHours(1)))), Clock.systemUTC());
    tokens.refresh();
    return tokens;
  }

  /**
   * A deployment of {@code model} on provider {@code gcp} (project {@code my-project}) with {@code options} added.
   * Its {@code api_key} is the access token, which the shared contract checks never shows in a request's text.
   */
  static Deployment deployment(String baseUrl, String model, Map<String, String> options) {
    Map<String, String> all = new HashMap<>(Map.of("project", "my-project", "location", "us-central1"));
    all.putAll(options);
    ProviderConfig provider = new ProviderConfig("gcp", "vertex", baseUrl, TOKEN, 60000, 5000, 8, all);
    return new Deployment("gcp/" + model, provider, model, 1, null, null);
  }

  static Deployment deployment(String model) {
    return deployment("http://127.0.0.1:9", model, Map.of());
  }

  static byte[] bytes(String path) {
    try (InputStream in = VertexFixtures.class.getResourceAsStream("/providers/" + path)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static UpstreamResponse answer(int status, String path) {
    return new UpstreamResponse(status, MultiMap.caseInsensitiveMultiMap(), Buffer.buffer(bytes(path)));
  }

  static ChatRequest request(String json) {
    return ChatRequestParser.parse(json.getBytes(StandardCharsets.UTF_8));
  }
}
