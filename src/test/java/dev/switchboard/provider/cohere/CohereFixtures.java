package dev.switchboard.provider.cohere;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.api.ChatRequest;
import dev.switchboard.api.ChatRequestParser;
import dev.switchboard.api.Json;
import dev.switchboard.config.ProviderConfig;
import dev.switchboard.provider.Deployment;
import dev.switchboard.provider.ProviderAdapter.UpstreamResponse;
import dev.switchboard.provider.StreamEvent;
import dev.switchboard.provider.StreamFramer;
import dev.switchboard.provider.StreamFraming;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Loads the golden fixtures under {@code src/test/resources/providers/cohere/} and builds test deployments. */
final class CohereFixtures {
  static final String KEY = "co-test-key-0123456789";
  static final String MODEL = "command-a-03-2025";

  private CohereFixtures() {}

  static Deployment deployment() {
    return deployment("http://127.0.0.1:9");
  }

  static Deployment deployment(String baseUrl) {
    ProviderConfig provider = new ProviderConfig("co", "cohere", baseUrl, KEY, 60000, 5000, 8, Map.of());
    return new Deployment("co/" + MODEL, provider, MODEL, 1, null, null);
  }

  static byte[] bytes(String name) {
    try (InputStream in = CohereFixtures.class.getResourceAsStream("/providers/cohere/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static ChatRequest request(String json) {
    return ChatRequestParser.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  static UpstreamResponse answer(int status, String body) {
    return new UpstreamResponse(status, MultiMap.caseInsensitiveMultiMap(), Buffer.buffer(body));
  }

  static UpstreamResponse fixtureAnswer(int status, String name) {
    return new UpstreamResponse(status, MultiMap.caseInsensitiveMultiMap(), Buffer.buffer(bytes(name)));
  }

  static JsonNode json(Buffer body) {
    try {
      return Json.MAPPER.readTree(body.getBytes());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Feeds an SSE body through the real framer into a fresh decoder, whole, then ends it. */
  static List<StreamEvent> decode(String sse) {
    CohereStreamDecoder decoder = new CohereStreamDecoder();
    List<StreamEvent> events = new ArrayList<>();
    StreamFramer framer = new StreamFramer(StreamFraming.SSE, (event, data) -> events.addAll(decoder.decode(event, data)));
    framer.feed(Buffer.buffer(sse));
    framer.end();
    events.addAll(decoder.end());
    return events;
  }
}
