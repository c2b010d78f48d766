package dev.switchboard.provider.azure;

import static dev.switchboard.provider.azure.AzureFixtures.KEY;
import static dev.switchboard.provider.azure.AzureFixtures.TOKEN;
import static dev.switchboard.provider.azure.AzureFixtures.answer;
import static dev.switchboard.provider.azure.AzureFixtures.bytes;
import static dev.switchboard.provider.azure.AzureFixtures.withKey;
import static dev.switchboard.provider.azure.AzureFixtures.withToken;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.api.ChatRequest;
import dev.switchboard.api.ChatRequestParser;
import dev.switchboard.api.ChatResponse;
import dev.switchboard.api.EmbeddingRequestParser;
import dev.switchboard.api.Json;
import dev.switchboard.provider.Deployment;
import dev.switchboard.provider.Failure;
import dev.switchboard.provider.FailureClass;
import dev.switchboard.provider.StreamDecoder;
import dev.switchboard.provider.StreamEvent;
import dev.switchboard.provider.StreamFramer;
import dev.switchboard.provider.UpstreamRequest;
import dev.switchboard.provider.openai.OpenAiAdapter;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Azure OpenAI: the OpenAI translation at Azure's URLs, with its credentials, filters and errors. */
class AzureOpenAiAdapterTest {
  private static final ChatRequest HELLO = ChatRequestParser.parse(
      "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello!\"}]}".getBytes(StandardCharsets.UTF_8));
  private final OpenAiAdapter adapter = AzureOpenAiProviderFactory.adapter();

  private static JsonNode json(Buffer body) throws Exception {
    return Json.MAPPER.readTree(body.getBytes());
  }

  @Test
  void chatGoesToTheDeploymentWithTheApiVersionAndTheApiKeyHeader() throws Exception {
    UpstreamRequest up = adapter.chatRequest(HELLO, withKey("2024-10-21", "gpt-4o-prod"), false);
    assertEquals("http://127.0.0.1:9/openai/deployments/gpt-4o-prod/chat/completions?api-version=2024-10-21", up.url());
    assertEquals(KEY, up.headers().get("api-key"));
    assertFalse(up.headers().containsKey("authorization"), "the key is never sent as a bearer token");
    assertEquals("gpt-4o-prod", json(up.body()).path("model").asText());
    assertFalse(up.toString().contains(KEY), up.toString());
  }

  @Test
  void theDeploymentNameIsEncodedInThePath() {
    UpstreamRequest up = adapter.chatRequest(HELLO, withKey("2025-04-01-preview", "team a/gpt?4o"), false);
    assertEquals("http://127.0.0.1:9/openai/deployments/team%20a%2Fgpt%3F4o/chat/completions"
        + "?api-version=2025-04-01-preview", up.url());
  }

  @Test
  void anEntraIdTokenIsSentAsBearerInsteadOfTheKey() {
    UpstreamRequest up = adapter.chatRequest(HELLO, withToken(), true);
    assertEquals("Bearer " + TOKEN, up.headers().get("authorization"));
    assertFalse(up.headers().containsKey("api-key"));
    assertFalse(up.toString().contains(TOKEN), up.toString());
  }

  @Test
  void streamsAskForUsageOnlyWhereTheApiVersionAcceptsIt() throws Exception {
    JsonNode current = json(adapter.chatRequest(HELLO, withKey("2024-10-21", "d"), true).body());
    assertTrue(current.path("stream").asBoolean());
    assertTrue(current.path("stream_options").path("include_usage").asBoolean());
    JsonNode preview = json(adapter.chatRequest(HELLO, withKey("2024-09-01-preview", "d"), true).body());
    assertTrue(preview.path("stream_options").path("include_usage").asBoolean());
    JsonNode older = json(adapter.chatRequest(HELLO, withKey("2024-06-01", "d"), true).body());
    assertTrue(older.path("stream").asBoolean());
    assertFalse(older.has("stream_options"), "2024-06-01 refuses stream_options");
  }

  @Test
  void embeddingsGoToTheDeployment() throws Exception {
    UpstreamRequest up = adapter.embeddingRequest(EmbeddingRequestParser.parse(
        "{\"model\":\"embed\",\"input\":\"hello\"}".getBytes(StandardCharsets.UTF_8)), withKey("2024-10-21", "ada-002"));
    assertEquals("http://127.0.0.1:9/openai/deployments/ada-002/embeddings?api-version=2024-10-21", up.url());
    assertEquals(KEY, up.headers().get("api-key"));
    assertEquals("hello", json(up.body()).path("input").asText());
  }

  @Test
  void answerWithFilterAnnotationsIsReadAndKeepsThem() throws Exception {
    ChatResponse r = adapter.chatResponse(answer(200, "response-text.json"), HELLO, withKey("2024-10-21", "gpt-4o-prod"));
    assertEquals("Hello from Azure!", r.choices().get(0).message().textContent());
    assertEquals(18, r.usage().totalTokens());
    JsonNode written = Json.MAPPER.readTree(Json.MAPPER.writeValueAsBytes(r));
    assertTrue(written.path("prompt_filter_results").isArray());
    assertEquals("safe", written.at("/choices/0/content_filter_results/hate/severity").asText());
  }

  @Test
  void contentFilterRefusalIsClassifiedAndNeverFailsOver() {
    Failure f = adapter.classify(answer(400, "error-content-filter.json"));
    assertEquals(FailureClass.CONTENT_FILTERED, f.reason());
    assertFalse(f.retryable());
    assertTrue(f.message().contains("content management policy"), f.message());
  }

  @Test
  void aMissingDeploymentFailsOverAndAWrongKeyIsAnAuthFailure() {
    Failure missing = adapter.classify(answer(404, "error-deployment-not-found.json"));
    assertEquals(FailureClass.UPSTREAM_5XX, missing.reason());
    assertTrue(missing.retryable());
    assertTrue(missing.message().endsWith("(check the deployment name and the provider's base_url)"), missing.message());
    assertEquals(FailureClass.AUTH_REJECTED, adapter.classify(answer(401, "error-401.json")).reason());
  }

  @Test
  void azureStreamWithPromptFilterResultsAndChunksWithoutModel() {
    Deployment d = withKey("2024-10-21", "gpt-4o-prod");
    StreamDecoder decoder = adapter.newStreamDecoder(HELLO, d);
    List<StreamEvent> events = new ArrayList<>();
    StreamFramer framer = new StreamFramer(adapter.streamFraming(), (e, data) -> events.addAll(decoder.decode(e, data)));
    byte[] body = bytes("stream-text.sse");
    for (int i = 0; i < body.length; i += 11) {
      framer.feed(Buffer.buffer().appendBytes(body, i, Math.min(11, body.length - i)));
    }
    framer.end();
    events.addAll(decoder.end());

    assertEquals(List.of(new StreamEvent.TextDelta(0, "Hello"), new StreamEvent.TextDelta(0, " from"),
        new StreamEvent.TextDelta(0, " Azure!"), new StreamEvent.Finish(0, "stop")), events.subList(0, 4));
    StreamEvent.UsageReport usage = (StreamEvent.UsageReport) events.get(4);
    assertEquals(14, usage.usage().promptTokens());
    assertEquals(4, usage.usage().completionTokens());
    assertEquals(5, events.size(), events.toString());
  }
}
