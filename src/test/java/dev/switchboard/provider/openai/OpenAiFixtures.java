package dev.switchboard.provider.openai;

import dev.switchboard.api.ChatRequest;
import dev.switchboard.api.ChatRequestParser;
import dev.switchboard.config.ProviderConfig;
import dev.switchboard.provider.Deployment;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Loads the golden fixtures under {@code src/test/resources/providers/openai/}. */
final class OpenAiFixtures {
  static final String KEY = "sk-test-key-123456";

  private OpenAiFixtures() {}

  static ProviderConfig provider(Map<String, String> options) {
    return new ProviderConfig("p", "openai", "http://127.0.0.1:9/v1", KEY, 60000, 5000, 8, options);
  }

  static Deployment deployment() {
    return new Deployment("p/m", provider(Map.of("organization", "org-1")), "gpt-4o-2024-08-06", 1, null, null);
  }

  static byte[] bytes(String name) {
    try (InputStream in = OpenAiFixtures.class.getResourceAsStream("/providers/openai/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static String text(String name) {
    return new String(bytes(name), StandardCharsets.UTF_8);
  }

  static ChatRequest request(String json) {
    return ChatRequestParser.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  /** The data payloads of an SSE body: events split on blank lines, {@code data:} lines joined by newlines. */
  static List<String> sseData(String name) {
    List<String> out = new ArrayList<>();
    for (String event : text(name).replace("\r\n", "\n").split("\n\n")) {
      List<String> data = new ArrayList<>();
      for (String line : event.split("\n")) {
        if (line.startsWith("data:")) {
          data.add(line.substring(5).startsWith(" ") ? line.substring(6) : line.substring(5));
        }
      }
      if (!data.isEmpty()) {
        out.add(String.join("\n", data));
      }
    }
    return out;
  }
}
