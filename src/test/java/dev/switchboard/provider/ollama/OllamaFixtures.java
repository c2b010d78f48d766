package dev.switchboard.provider.ollama;

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
import java.util.Map;

/** Deployments and the golden fixtures under {@code src/test/resources/providers/ollama/}. */
final class OllamaFixtures {
  static final String KEY = "sk-proxy-key-123456";

  private OllamaFixtures() {}

  /** An Ollama behind an authenticating proxy (a key set). */
  static Deployment deployment() {
    return deployment(KEY);
  }

  static Deployment deployment(String key) {
    ProviderConfig provider = new ProviderConfig("local-llm", "ollama", "http://127.0.0.1:11434", key, 60000, 5000, 8,
        Map.of());
    return new Deployment("local-llm/llama3.2", provider, "llama3.2", 1, null, null);
  }

  static byte[] bytes(String name) {
    try (InputStream in = OllamaFixtures.class.getResourceAsStream("/providers/ollama/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static UpstreamResponse answer(int status, String fixture) {
    return new UpstreamResponse(status, MultiMap.caseInsensitiveMultiMap(), Buffer.buffer(bytes(fixture)));
  }

  static ChatRequest request(String json) {
    return ChatRequestParser.parse(json.getBytes(StandardCharsets.UTF_8));
  }
}
