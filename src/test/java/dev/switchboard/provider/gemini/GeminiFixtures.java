package dev.switchboard.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.api.ChatRequest;
import dev.switchboard.api.ChatRequestParser;
import dev.switchboard.api.Json;
import dev.switchboard.config.ProviderConfig;
import dev.switchboard.provider.Deployment;
import dev.switchboard.provider.ProviderAdapter.UpstreamResponse;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Loads the golden fixtures under {@code src/test/resources/providers/gemini/} and builds test requests. */
final class GeminiFixtures {
  static final String KEY = "AIzaSyTestKey-0123456789abcdef";

  private GeminiFixtures() {}

  static Deployment deployment() {
    return deployment("gemini-2.5-flash");
  }

  static Deployment deployment(String model) {
    ProviderConfig provider = new ProviderConfig("google", "gemini", "http://127.0.0.1:9/", KEY, 60000, 5000, 8,
        Map.of());
    return new Deployment("google/" + model, provider, model, 1, null, null);
  }

  static byte[] bytes(String name) {
    try (InputStream in = GeminiFixtures.class.getResourceAsStream("/providers/gemini/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static UpstreamResponse answer(int status, String name) {
    return new UpstreamResponse(status, MultiMap.caseInsensitiveMultiMap(), Buffer.buffer(bytes(name)));
  }

  static ChatRequest request(String json) {
    return ChatRequestParser.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  static JsonNode json(Buffer body) {
    try {
      return Json.MAPPER.readTree(body.getBytes());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static JsonNode json(String text) {
    try {
      return Json.MAPPER.readTree(text);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
