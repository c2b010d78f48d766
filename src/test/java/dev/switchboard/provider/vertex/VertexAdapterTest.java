package dev.switchboard.provider.vertex;

import static dev.switchboard.provider.vertex.VertexFixtures.TOKEN;
import static dev.switchboard.provider.vertex.VertexFixtures.answer;
import static dev.switchboard.provider.vertex.VertexFixtures.deployment;
import static dev.switchboard.provider.vertex.VertexFixtures.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.api.ChatRequest;
import dev.switchboard.api.EmbeddingRequest;
import dev.switchboard.api.EmbeddingRequestParser;
import dev.switchboard.api.EmbeddingResponse;
import dev.switchboard.api.GatewayError;
import dev.switchboard.api.Json;
import dev.switchboard.provider.Deployment;
import dev.switchboard.provider.Failure;
import dev.switchboard.provider.FailureClass;
import dev.switchboard.provider.UpstreamFailureException;
import dev.switchboard.provider.UpstreamRequest;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Request mapping for both Vertex AI publishers, embeddings over {@code :predict}, and error classification. */
class VertexAdapterTest {
  private static final String REGIONAL = "https://us-central1-aiplatform.googleapis.com/v1/projects/my-project"
      + "/locations/us-central1/publishers/";
  private final VertexAdapter adapter = new VertexAdapter(VertexFixtures.tokens());

  private static ChatRequest hello(boolean stream) {
    return request("{\"model\":\"public\",\"stream\":" + stream + ",\"max_tokens\":256,\"messages\":["
        + "{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"Hello\"}]}");
  }

  private static JsonNode json(Buffer body) {
    try {
      return Json.MAPPER.readTree(body.getBytes());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Deployment onVertexHost(String model, Map<String, String> options) {
    return deployment("", model, options);
  }

  @Test
  void geminiGoesToTheRegionalGoogleModelWithTheBearerToken() {
    UpstreamRequest up = adapter.chatRequest(hello(false), onVertexHost("gemini-2.5-flash", Map.of()), false);

    assertEquals("POST", up.method());
    assertEquals(REGIONAL + "google/models/gemini-2.5-flash:generateContent", up.url());
    assertEquals("Bearer " + TOKEN, up.headers().get("authorization"));
    assertFalse(up.headers().containsKey("x-goog-api-key"));
    assertFalse(up.toString().contains(TOKEN), up.toString());
    JsonNode body = json(up.body());
    assertEquals("Be brief.", body.path("systemInstruction").path("parts").get(0).path("text").asText());
    assertEquals("Hello", body.path("contents").get(0).path("parts").get(0).path("text").asText());
    assertEquals(256, body.path("generationConfig").path("maxOutputTokens").asInt());
    assertFalse(body.has("model"));
  }

  @Test
  void geminiStreamsOverStreamGenerateContentWithSse() {
    UpstreamRequest up = adapter.chatRequest(hello(true), onVertexHost("gemini-2.5-pro", Map.of()), true);

    assertEquals(REGIONAL + "google/models/gemini-2.5-pro:streamGenerateContent?alt=sse", up.url());
    assertEquals("text/event-stream", up.headers().get("accept"));
  }

  @Test
  void theGlobalLocationUsesTheGlobalHostAndBaseUrlOverridesTheHost() {
    UpstreamRequest global = adapter.chatRequest(hello(false),
        onVertexHost("gemini-2.5-flash", Map.of("location", "global")), false);
    assertEquals("https://aiplatform.googleapis.com/v1/projects/my-project/locations/global/publishers/google/models/"
        + "gemini-2.5-flash:generateContent", global.url());

    UpstreamRequest proxied = adapter.chatRequest(hello(false),
        deployment("http://127.0.0.1:8443/", "gemini-2.5-flash", Map.of()), false);
    assertEquals("http://127.0.0.1:8443/v1/projects/my-project/locations/us-central1/publishers/google/models/"
        + "gemini-2.5-flash:generateContent", proxied.url());
  }

  @Test
  void claudeGoesToRawPredictWithoutModelAndWithTheVertexAnthropicVersion() {
    UpstreamRequest up = adapter.chatRequest(hello(false), onVertexHost("claude-sonnet-4-5@20250929", Map.of()), false);

    assertEquals(REGIONAL + "anthropic/models/claude-sonnet-4-5@20250929:rawPredict", up.url());
    assertEquals("Bearer " + TOKEN, up.headers().get("authorization"));
    assertFalse(up.headers().containsKey("x-api-key"));
    assertFalse(up.headers().containsKey("anthropic-version"));
    JsonNode body = json(up.body());
    assertFalse(body.has("model"), body.toString());
    assertEquals("vertex-2023-10-16", body.path("anthropic_version").asText());
    assertEquals("Be brief.", body.path("system").asText());
    assertEquals("user", body.path("messages").get(0).path("role").asText());
    assertEquals(256, body.path("max_tokens").asInt());
  }

  @Test
  void claudeStreamsOverStreamRawPredict() {
    UpstreamRequest up = adapter.chatRequest(hello(true), onVertexHost("claude-haiku-4-5", Map.of()), true);

    assertEquals(REGIONAL + "anthropic/models/claude-haiku-4-5:streamRawPredict", up.url());
    assertEquals("text/event-stream", up.headers().get("accept"));
    JsonNode body = json(up.body());
    assertTrue(body.path("stream").asBoolean(), body.toString());
    assertEquals("vertex-2023-10-16", body.path("anthropic_version").asText());
  }

  @Test
  void thePublisherOptionOverridesTheChoiceByModelName() {
    UpstreamRequest up = adapter.chatRequest(hello(false),
        onVertexHost("tuned-sonnet", Map.of("publisher", "anthropic")), false);
    assertEquals(REGIONAL + "anthropic/models/tuned-sonnet:rawPredict", up.url());
  }

  @Test
  void withoutATokenTheAttemptFailsAsAuthRejectedInsteadOfBlocking() {
    AccessTokens none = new AccessTokens(() -> {
      throw new IOException("cannot read credentials_file /etc/gcp/key.json");
    }, Clock.systemUTC());
    none.refresh();
    VertexAdapter tokenless = new VertexAdapter(none);

    UpstreamFailureException chat = assertThrows(UpstreamFailureException.class,
        () -> tokenless.chatRequest(hello(false), deployment("gemini-2.5-flash"), false));
    assertEquals(FailureClass.AUTH_REJECTED, chat.failure().reason());
    assertTrue(chat.failure().retryable());
    assertTrue(chat.failure().message().contains("cannot read credentials_file"), chat.failure().message());

    UpstreamFailureException embed = assertThrows(UpstreamFailureException.class,
        () -> tokenless.embeddingRequest(embedding("[\"a\"]"), deployment("text-embedding-005")));
    assertEquals(FailureClass.AUTH_REJECTED, embed.failure().reason());
  }

  @Test
  void aClaudeAnswerIsReadAsAMessagesApiAnswer() {
    var response = adapter.chatResponse(answer(200, "anthropic/response-text.json"), hello(false),
        deployment("claude-sonnet-4-5"));
    assertEquals("Hi! My name is Claude.", response.choices().get(0).message().textContent());
  }

  private static EmbeddingRequest embedding(String input) {
    return EmbeddingRequestParser.parse(("{\"model\":\"embed\",\"input\":" + input + ",\"dimensions\":3}")
        .getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void embeddingsArePredictInstancesAndComeBackAsAnOpenAiList() {
    Deployment embed = onVertexHost("text-embedding-005", Map.of());
    EmbeddingRequest request = embedding("[\"What is life?\",\"Why?\"]");

    UpstreamRequest up = adapter.embeddingRequest(request, embed);
    assertEquals(REGIONAL + "google/models/text-embedding-005:predict", up.url());
    assertEquals("Bearer " + TOKEN, up.headers().get("authorization"));
    JsonNode body = json(up.body());
    assertEquals("What is life?", body.path("instances").get(0).path("content").asText());
    assertEquals("Why?", body.path("instances").get(1).path("content").asText());
    assertEquals(3, body.path("parameters").path("outputDimensionality").asInt());

    EmbeddingResponse response = adapter.embeddingResponse(answer(200, "vertex/predict-embeddings.json"), request,
        embed);
    assertEquals(2, response.data().size());
    assertEquals(1, response.data().get(1).index());
    assertEquals(-0.0305786133f, response.data().get(1).embedding().get(0).floatValue(), 0f);
    assertEquals(10, response.usage().promptTokens());
    assertFalse(response.usage().extra().containsKey("estimated"), "Vertex counts the tokens");
  }

  @Test
  void anEmbeddingsAnswerWithTooFewPredictionsIsMalformed() {
    UpstreamFailureException e = assertThrows(UpstreamFailureException.class, () -> adapter.embeddingResponse(
        answer(200, "vertex/predict-embeddings.json"), embedding("[\"a\",\"b\",\"c\"]"), deployment("text-embedding-005")));
    assertEquals(FailureClass.MALFORMED_RESPONSE, e.failure().reason());
  }

  @Test
  void claudeModelsServeNoEmbeddings() {
    GatewayError e = assertThrows(GatewayError.class,
        () -> adapter.embeddingRequest(embedding("[\"a\"]"), deployment("claude-sonnet-4-5")));
    assertEquals("model", e.param());
  }

  @Test
  void googleErrorsAreClassified() {
    assertEquals(FailureClass.AUTH_REJECTED, adapter.classify(answer(401, "vertex/error-401.json")).reason());
    assertEquals(FailureClass.AUTH_REJECTED, adapter.classify(answer(403, "vertex/error-403.json")).reason());
    assertEquals(FailureClass.RATE_LIMITED, adapter.classify(answer(429, "vertex/error-429.json")).reason());
    Failure missing = adapter.classify(answer(404, "vertex/error-404.json"));
    assertEquals(FailureClass.UPSTREAM_5XX, missing.reason());
    assertTrue(missing.retryable(), "another deployment may serve the model");
    assertTrue(missing.message().contains("project and location"), missing.message());
  }

  @Test
  void anthropicShapedErrorsAreReadAsAnthropicErrors() {
    Failure overloaded = adapter.classify(answer(529, "anthropic/error-529.json"));
    assertEquals(FailureClass.UPSTREAM_5XX, overloaded.reason());
    assertTrue(overloaded.message().contains("overloaded_error"), overloaded.message());
    assertEquals(FailureClass.CONTEXT_LENGTH_EXCEEDED,
        adapter.classify(answer(400, "anthropic/error-context.json")).reason());
  }
}
