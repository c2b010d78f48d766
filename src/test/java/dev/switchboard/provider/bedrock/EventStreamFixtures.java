package dev.switchboard.provider.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.api.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.eventstream.HeaderValue;
import software.amazon.eventstream.Message;

/**
 * Builds binary {@code application/vnd.amazon.eventstream} bodies, as Bedrock's ConverseStream sends them, with the
 * AWS {@code eventstream} library's encoder, from the readable {@code stream-*.events.json} fixtures.
 */
public final class EventStreamFixtures {
  private EventStreamFixtures() {}

  /** The frames of fixture {@code /providers/bedrock/<name>.events.json}. */
  public static byte[] resource(String name) {
    String path = "/providers/bedrock/" + name + ".events.json";
    try (InputStream in = EventStreamFixtures.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + path);
      }
      return encode(Json.MAPPER.readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The frames of a list of {@code {"event"|"exception": type, "payload": {...}}} items, in order. */
  public static byte[] encode(JsonNode items) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (JsonNode item : items) {
      byte[] frame = item.has("exception")
          ? exception(item.path("exception").asText(), item.path("payload").toString())
          : event(item.path("event").asText(), item.path("payload").toString());
      out.writeBytes(frame);
    }
    return out.toByteArray();
  }

  /** One event message: {@code :message-type event}, {@code :event-type}, {@code :content-type application/json}. */
  public static byte[] event(String type, String payloadJson) {
    Map<String, HeaderValue> headers = new LinkedHashMap<>();
    headers.put(":event-type", HeaderValue.fromString(type));
    headers.put(":content-type", HeaderValue.fromString("application/json"));
    headers.put(":message-type", HeaderValue.fromString("event"));
    return frame(headers, payloadJson);
  }

  /** One exception message: {@code :message-type exception} and its {@code :exception-type}. */
  public static byte[] exception(String type, String payloadJson) {
    Map<String, HeaderValue> headers = new LinkedHashMap<>();
    headers.put(":exception-type", HeaderValue.fromString(type));
    headers.put(":content-type", HeaderValue.fromString("application/json"));
    headers.put(":message-type", HeaderValue.fromString("exception"));
    return frame(headers, payloadJson);
  }

  private static byte[] frame(Map<String, HeaderValue> headers, String payload) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new Message(headers, payload.getBytes(StandardCharsets.UTF_8)).encode(out);
    return out.toByteArray();
  }
}
