package dev.switchboard.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.api.ChatRequest;
import dev.switchboard.api.ChatRequestParser;
import dev.switchboard.api.ChatResponse;
import dev.switchboard.api.Json;
import dev.switchboard.api.ToolCall;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The contract every provider adapter's test extends. Fixtures live in
 * {@code src/test/resources/providers/<fixtureDir()>/} and are taken from the provider's documented examples:
 * <ul>
 *   <li>{@code response-text.json} — a plain text answer; {@code response-tool-call.json} — a tool call;</li>
 *   <li>{@code stream-text.<ext>} — a streamed text answer with usage; {@code stream-tool-call.<ext>} — a
 *   streamed tool call; {@code stream-error.<ext>} — a stream carrying an error after some content
 *   ({@code <ext>} is {@code sse} or {@code ndjson}, after {@link ProviderAdapter#streamFraming()});</li>
 *   <li>{@code error-401.json}, {@code error-429.json}, {@code error-400.json}, {@code error-500.json} — the
 *   provider's error bodies for those statuses; {@code error-context.json} — its 400 for a prompt longer than
 *   the context window.</li>
 * </ul>
 * Stream fixtures are fed through the real {@link StreamFramer} in small chunks, as they would arrive.
 */
public abstract class AdapterContractTest {

  /** What a fixture is expected to decode to. */
  public record ExpectedText(String text, String finishReason, int promptTokens, int completionTokens) {}

  /** A tool call a fixture is expected to decode to; {@code arguments} compared as JSON. */
  public record ExpectedToolCall(String name, String argumentsJson) {}

  protected abstract ProviderAdapter adapter();

  /** A deployment whose provider points at 127.0.0.1 and carries a test key. */
  protected abstract Deployment deployment();

  protected abstract String fixtureDir();

  /** The header that carries the key and its expected value, e.g. {@code x-api-key} / the key. */
  protected abstract String authHeaderName();

  protected abstract String authHeaderValue();

  protected abstract ExpectedText expectedText();

  protected abstract ExpectedText expectedStreamText();

  protected abstract ExpectedToolCall expectedToolCall();

  protected abstract ExpectedToolCall expectedStreamToolCall();

  // ---- helpers for subclasses ----

  protected final byte[] fixture(String name) {
    String path = "/providers/" + fixtureDir() + "/" + name;
    try (InputStream in = getClass().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  protected static ChatRequest chat(String json) {
    return ChatRequestParser.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  protected static ChatRequest simpleRequest(boolean stream) {
    return chat("{\"model\":\"public\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
        + "{\"role\":\"user\",\"content\":\"Hello\"}]}");
  }

  protected static ChatRequest toolRequest(boolean stream) {
    return chat("{\"model\":\"public\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\"Weather in Paris?\"}],"
        + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"description\":\"Current weather\","
        + "\"parameters\":{\"type\":\"object\",\"properties\":{\"location\":{\"type\":\"string\"}},\"required\":[\"location\"]}}}]}");
  }

  protected static JsonNode json(Buffer body) {
    try {
      return Json.MAPPER.readTree(body.getBytes());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  protected final ProviderAdapter.UpstreamResponse answer(int status, String fixtureName) {
    return new ProviderAdapter.UpstreamResponse(status, MultiMap.caseInsensitiveMultiMap(), Buffer.buffer(fixture(fixtureName)));
  }

  /**
   * The body bytes of stream fixture {@code fixtureName}: the file {@code <fixtureName>.sse} or {@code .ndjson}.
   * Adapters whose framing is binary override this to build the bytes from a readable fixture.
   */
  protected byte[] streamBytes(String fixtureName) {
    return fixture(fixtureName + (adapter().streamFraming() == StreamFraming.SSE ? ".sse" : ".ndjson"));
  }

  /** The secret that must never show in a request's {@code toString()}; the provider's API key by default. */
  protected String secret() {
    return deployment().provider().apiKey();
  }

  /** Decodes a stream fixture the way the gateway does: framed in 7-byte chunks, then {@code end()}. */
  protected final List<StreamEvent> decodeStream(String fixtureName, ChatRequest request) {
    StreamDecoder decoder = adapter().newStreamDecoder(request, deployment());
    List<StreamEvent> events = new ArrayList<>();
    StreamFramer framer = new StreamFramer(adapter().streamFraming(), (event, data) -> events.addAll(decoder.decode(event, data)));
    byte[] bytes = streamBytes(fixtureName);
    for (int i = 0; i < bytes.length; i += 7) {
      framer.feed(Buffer.buffer().appendBytes(bytes, i, Math.min(7, bytes.length - i)));
    }
    framer.end();
    events.addAll(decoder.end());
    return events;
  }

  protected static String text(List<StreamEvent> events) {
    StringBuilder sb = new StringBuilder();
    events.stream().filter(e -> e instanceof StreamEvent.TextDelta).forEach(e -> sb.append(((StreamEvent.TextDelta) e).text()));
    return sb.toString();
  }

  private static void assertSameJson(String expected, String actual) {
    try {
      assertEquals(Json.MAPPER.readTree(expected), Json.MAPPER.readTree(actual), actual);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + actual, e);
    }
  }

  // ---- the contract ----

  @Test
  void requestCarriesTheKeyAndNeverShowsIt() {
    UpstreamRequest up = adapter().chatRequest(simpleRequest(false), deployment(), false);
    assertEquals("POST", up.method());
    assertTrue(up.url().startsWith("http://127.0.0.1"), up.url());
    assertEquals(authHeaderValue(), up.headers().get(authHeaderName()));
    assertFalse(up.toString().contains(secret()), up.toString());
  }

  @Test
  void plainAnswerHasTextFinishReasonAndUsage() {
    ChatResponse r = adapter().chatResponse(answer(200, "response-text.json"), simpleRequest(false), deployment());
    ExpectedText want = expectedText();
    assertEquals(want.text(), r.choices().get(0).message().textContent());
    assertEquals("assistant", r.choices().get(0).message().role());
    assertEquals(want.finishReason(), r.choices().get(0).finishReason());
    assertEquals(want.promptTokens(), r.usage().promptTokens());
    assertEquals(want.completionTokens(), r.usage().completionTokens());
    assertEquals(want.promptTokens() + want.completionTokens(), r.usage().totalTokens());
  }

  @Test
  void toolCallAnswer() {
    ChatResponse r = adapter().chatResponse(answer(200, "response-tool-call.json"), toolRequest(false), deployment());
    ToolCall call = r.choices().get(0).message().toolCalls().get(0);
    assertNotNull(call.id());
    assertEquals("function", call.type());
    assertEquals(expectedToolCall().name(), call.function().name());
    assertSameJson(expectedToolCall().argumentsJson(), call.function().arguments());
    assertEquals("tool_calls", r.choices().get(0).finishReason());
  }

  @Test
  void streamedTextWithUsage() {
    List<StreamEvent> events = decodeStream("stream-text", simpleRequest(true));
    ExpectedText want = expectedStreamText();
    assertTrue(events.stream().noneMatch(e -> e instanceof StreamEvent.UpstreamError), events.toString());
    assertEquals(want.text(), text(events));
    assertTrue(events.contains(new StreamEvent.Finish(0, want.finishReason())), events.toString());
    StreamEvent.UsageReport usage = (StreamEvent.UsageReport) events.stream()
        .filter(e -> e instanceof StreamEvent.UsageReport).reduce((a, b) -> b).orElseThrow(() -> new AssertionError("no usage"));
    assertEquals(want.promptTokens(), usage.usage().promptTokens());
    assertEquals(want.completionTokens(), usage.usage().completionTokens());
  }

  @Test
  void streamedToolCall() {
    List<StreamEvent> events = decodeStream("stream-tool-call", toolRequest(true));
    List<StreamEvent.ToolCallDelta> pieces = events.stream().filter(e -> e instanceof StreamEvent.ToolCallDelta)
        .map(e -> (StreamEvent.ToolCallDelta) e).toList();
    assertFalse(pieces.isEmpty(), events.toString());
    assertNotNull(pieces.get(0).id(), "the first piece names the call");
    assertEquals(expectedStreamToolCall().name(), pieces.get(0).name());
    StringBuilder args = new StringBuilder();
    pieces.forEach(p -> args.append(p.argumentsDelta()));
    assertSameJson(expectedStreamToolCall().argumentsJson(), args.toString());
    assertTrue(events.contains(new StreamEvent.Finish(0, "tool_calls")), events.toString());
  }

  @Test
  void midStreamErrorBecomesAnUpstreamErrorEvent() {
    List<StreamEvent> events = decodeStream("stream-error", simpleRequest(true));
    assertTrue(events.stream().anyMatch(e -> e instanceof StreamEvent.UpstreamError), events.toString());
  }

  @Test
  void errorAnswersAreClassified() {
    assertEquals(FailureClass.AUTH_REJECTED, adapter().classify(answer(401, "error-401.json")).reason());
    assertEquals(FailureClass.CALLER_ERROR, adapter().classify(answer(400, "error-400.json")).reason());
    assertFalse(adapter().classify(answer(400, "error-400.json")).retryable(), "a caller error never fails over");
    assertEquals(FailureClass.CONTEXT_LENGTH_EXCEEDED, adapter().classify(answer(400, "error-context.json")).reason());
    assertEquals(FailureClass.UPSTREAM_5XX, adapter().classify(answer(500, "error-500.json")).reason());
    MultiMap retryAfter = MultiMap.caseInsensitiveMultiMap().add("retry-after", "12");
    Failure limited = adapter().classify(new ProviderAdapter.UpstreamResponse(429, retryAfter,
        Buffer.buffer(fixture("error-429.json"))));
    assertEquals(FailureClass.RATE_LIMITED, limited.reason());
    assertEquals(12_000, limited.retryAfterMs());
    assertTrue(limited.retryable());
  }
}
