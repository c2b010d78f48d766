package dev.switchboard.provider.bedrock;

import dev.switchboard.api.ChatRequest;
import dev.switchboard.api.ChatRequestParser;
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
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Loads the golden fixtures under {@code src/test/resources/providers/bedrock/} and builds test adapters. */
final class BedrockFixtures {
  static final String KEY_ID = "AKIAIOSFODNN7EXAMPLE";
  static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  static final String REGION = "us-west-2";
  static final String MODEL = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
  static final Instant NOW = Instant.parse("2026-12-04T17:30:00Z");
  static final AwsCredentials CREDENTIALS = new AwsCredentials(KEY_ID, SECRET, null, "test");

  private BedrockFixtures() {}

  static BedrockAdapter adapter() {
    return adapter(CREDENTIALS);
  }

  static BedrockAdapter adapter(AwsCredentials credentials) {
    return new BedrockAdapter(new AwsSettings(REGION, credentials), Clock.fixed(NOW, ZoneOffset.UTC));
  }

  static Deployment deployment() {
    return deployment("http://127.0.0.1:9", MODEL);
  }

  static Deployment deployment(String baseUrl, String model) {
    ProviderConfig provider = new ProviderConfig("aws", "bedrock", baseUrl, "", 60000, 5000, 8,
        Map.of("region", REGION, "access_key_id", KEY_ID, "secret_access_key", SECRET));
    return new Deployment("aws/" + model, provider, model, 1, null, null);
  }

  static byte[] bytes(String name) {
    try (InputStream in = BedrockFixtures.class.getResourceAsStream("/providers/bedrock/" + name)) {
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

  /** A Bedrock error answer: the fixture body with the type in {@code x-amzn-ErrorType}, as Bedrock sends it. */
  static UpstreamResponse error(int status, String type, String fixture) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("x-amzn-ErrorType",
        type + ":http://internal.amazon.com/coral/com.amazon.bedrock/");
    return new UpstreamResponse(status, headers, Buffer.buffer(bytes(fixture)));
  }

  static UpstreamResponse answer(int status, String fixture) {
    return new UpstreamResponse(status, MultiMap.caseInsensitiveMultiMap(), Buffer.buffer(bytes(fixture)));
  }

  /** Feeds event-stream bytes through the real framer, in chunks of {@code chunk} bytes, into a fresh decoder. */
  static List<StreamEvent> decode(byte[] body, int chunk) {
    return decode(body, chunk, null);
  }

  /** As {@link #decode(byte[], int)}, for a JSON-mode request whose forced tool is {@code jsonTool}. */
  static List<StreamEvent> decode(byte[] body, int chunk, String jsonTool) {
    BedrockStreamDecoder decoder = new BedrockStreamDecoder(jsonTool);
    List<StreamEvent> events = new ArrayList<>();
    StreamFramer framer = new StreamFramer(StreamFraming.AWS_EVENT_STREAM,
        (event, data) -> events.addAll(decoder.decode(event, data)));
    for (int i = 0; i < body.length; i += chunk) {
      framer.feed(Buffer.buffer().appendBytes(body, i, Math.min(chunk, body.length - i)));
    }
    framer.end();
    events.addAll(decoder.end());
    return events;
  }
}
