package dev.switchboard.provider.anthropic;

import dev.switchboard.api.ChatRequest;
import dev.switchboard.api.ChatRequestParser;
import dev.switchboard.config.ProviderConfig;
import dev.switchboard.provider.CatalogModel;
import dev.switchboard.provider.Deployment;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Deployments, requests and the golden fixtures under {@code src/test/resources/providers/anthropic/}. */
final class AnthropicFixtures {
  static final String KEY = "sk-ant-test-key-123456";
  static final String MODEL = "claude-sonnet-4-5-20250929";

  private AnthropicFixtures() {}

  static ProviderConfig provider(Map<String, String> options) {
    return new ProviderConfig("claude", "anthropic", "http://127.0.0.1:9", KEY, 60000, 5000, 8, options);
  }

  /** A deployment the catalog knows nothing about. */
  static Deployment deployment() {
    return new Deployment("claude/" + MODEL, provider(Map.of()), MODEL, 1, null, null);
  }

  /** A deployment whose catalog entry allows {@code maxOutput} output tokens. */
  static Deployment deployment(int maxOutput) {
    CatalogModel catalog = new CatalogModel(MODEL, "chat", 200000, maxOutput, null, null, null, null, null, true,
        true, true);
    return new Deployment("claude/" + MODEL, provider(Map.of("version", "2024-01-01")), MODEL, 1, null, catalog);
  }

  static ChatRequest request(String json) {
    return ChatRequestParser.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] bytes(String name) {
    try (InputStream in = AnthropicFixtures.class.getResourceAsStream("/providers/anthropic/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
