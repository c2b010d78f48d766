package dev.switchboard.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.switchboard.e2e.GatewayFixture.TENANT_KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.completions.CompletionUsage;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official OpenAI Java SDK against the gateway, with a WireMock fake of Google's Generative Language API
 * behind a {@code type: gemini} provider: the SDK sees OpenAI shapes, the fake sees Gemini's.
 */
class GeminiE2ETest {
  static final String SECRET = "AIzaSyE2E-gemini-upstream-secret-0001";
  static final String FLASH = "/v1beta/models/gemini-2.5-flash:generateContent";
  static final String FLASH_STREAM = "/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse";
  static final String GUARDED = "/v1beta/models/gemini-2.0-flash:generateContent";
  static final String GUARDED_STREAM = "/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse";
  static final String EMBED = "/v1beta/models/gemini-embedding-001:embedContent";
  static final String EMBED_BATCH = "/v1beta/models/gemini-embedding-001:batchEmbedContents";

  @TempDir
  static Path dir;
  static WireMockServer google;
  static GatewayFixture gw;
  static OpenAIClient client;

  @BeforeAll
  static void start() {
    google = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    google.start();
    gw = GatewayFixture.start(dir, """
        providers:
          google: { type: gemini, base_url: "http://127.0.0.1:%d", api_key: "%s" }
        models:
          flash: { deployments: [ { provider: google, model: gemini-2.5-flash } ] }
          guarded: { deployments: [ { provider: google, model: gemini-2.0-flash } ] }
          embed: { deployments: [ { provider: google, model: gemini-embedding-001 } ] }
        routing: { max_attempts: 2, attempt_timeout_ms: 30000 }
        tenants:
          test:
            keys: [ { id: t1, key: "%s" } ]
            models: [ "*" ]
        """.formatted(google.port(), SECRET, TENANT_KEY));
    client = gw.sdkClient(TENANT_KEY);
  }

  @AfterAll
  static void stop() throws Exception {
    GatewayFixture.closeAll(client, gw, google);
  }

  @BeforeEach
  void reset() {
    google.resetAll();
  }

  /** A call as Google expects it: the key in x-goog-api-key, never as a {@code key=} query parameter. */
  static MappingBuilder gemini(String path) {
    return post(urlEqualTo(path)).withHeader("x-goog-api-key", equalTo(SECRET)).withQueryParam("key", absent());
  }

  static ResponseDefinitionBuilder json(String fixture) {
    return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(fixture(fixture));
  }

  static ResponseDefinitionBuilder sse(String fixture) {
    return aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream").withBody(fixture(fixture));
  }

  static String fixture(String name) {
    return GatewayFixture.providerFixture("gemini", name);
  }

  static JsonNode body(LoggedRequest request) {
    return GatewayFixture.parse(request.getBodyAsString());
  }

  static ChatCompletionCreateParams ask(String model, String text) {
    return ChatCompletionCreateParams.builder().model(model).addUserMessage(text).build();
  }

  /** Every request the fake received kept the key out of its URL. */
  static void assertKeyNeverInUrl() {
    List<LoggedRequest> all = google.findAll(postRequestedFor(anyUrl()));
    assertFalse(all.isEmpty());
    all.forEach(r -> assertFalse(r.getUrl().contains(SECRET), r.getUrl()));
  }

  @Test
  void plainCompletion() {
    google.stubFor(gemini(FLASH).willReturn(json("response-text.json")));

    ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
        .model("flash").addSystemMessage("Answer in one sentence.").addUserMessage("How does AI work?")
        .maxCompletionTokens(300).build());

    assertEquals("flash", completion.model());
    assertEquals("AI learns patterns from data to make predictions or decisions without being explicitly programmed.",
        completion.choices().get(0).message().content().orElseThrow());
    assertEquals(ChatCompletion.Choice.FinishReason.STOP, completion.choices().get(0).finishReason());
    CompletionUsage usage = completion.usage().orElseThrow();
    assertEquals(8, usage.promptTokens());
    assertEquals(17 + 225, usage.completionTokens());
    assertEquals(225, usage.completionTokensDetails().orElseThrow().reasoningTokens().orElseThrow());

    JsonNode sent = body(google.findAll(postRequestedFor(urlEqualTo(FLASH))).get(0));
    assertEquals("Answer in one sentence.", sent.path("systemInstruction").path("parts").get(0).path("text").asText());
    assertEquals("user", sent.path("contents").get(0).path("role").asText());
    assertEquals("How does AI work?", sent.path("contents").get(0).path("parts").get(0).path("text").asText());
    assertEquals(300, sent.path("generationConfig").path("maxOutputTokens").asInt());
    assertKeyNeverInUrl();
  }

  @Test
  void streamedCompletionWithUsage() {
    google.stubFor(gemini(FLASH_STREAM).willReturn(sse("stream-text.sse")));
    ChatCompletionCreateParams params = ask("flash", "Tell me about the fox").toBuilder()
        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();

    StringBuilder text = new StringBuilder();
    List<ChatCompletionChunk> chunks = new ArrayList<>();
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
      stream.stream().forEach(chunk -> {
        chunks.add(chunk);
        chunk.choices().forEach(c -> c.delta().content().ifPresent(text::append));
      });
    }

    assertEquals("The quick brown fox jumps over the lazy dog.", text.toString());
    assertTrue(chunks.stream().anyMatch(c -> c.choices().stream()
        .anyMatch(ch -> ch.finishReason().map(ChatCompletionChunk.Choice.FinishReason.STOP::equals).orElse(false))));
    CompletionUsage usage = chunks.get(chunks.size() - 1).usage().orElseThrow();
    assertEquals(10, usage.promptTokens());
    assertEquals(12 + 18, usage.completionTokens());
    google.verify(1, postRequestedFor(urlEqualTo(FLASH_STREAM)).withHeader("accept", equalTo("text/event-stream")));
    assertKeyNeverInUrl();
  }

  @Test
  void toolCallRoundTrip() {
    google.stubFor(gemini(FLASH).atPriority(5).willReturn(json("response-tool-call.json")));
    google.stubFor(gemini(FLASH).atPriority(1)
        .withRequestBody(matchingJsonPath("$.contents[2].parts[0].functionResponse.name", equalTo("set_light_values")))
        .willReturn(json("response-after-tool.json")));
    FunctionParameters schema = FunctionParameters.builder()
        .putAdditionalProperty("type", JsonValue.from("object"))
        .putAdditionalProperty("additionalProperties", JsonValue.from(false))
        .putAdditionalProperty("properties", JsonValue.from(Map.of(
            "brightness", Map.of("type", "integer", "description", "Light level from 0 to 100"),
            "color_temp", Map.of("type", "string", "enum", List.of("daylight", "cool", "warm")))))
        .putAdditionalProperty("required", JsonValue.from(List.of("brightness", "color_temp")))
        .build();
    ChatCompletionFunctionTool tool = ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder()
        .name("set_light_values").description("Sets the brightness and color temperature of a light.")
        .parameters(schema).strict(true).build()).build();
    ChatCompletionCreateParams first = ChatCompletionCreateParams.builder().model("flash")
        .addUserMessage("Turn the lights down to a romantic level").addTool(tool).build();

    ChatCompletion call = client.chat().completions().create(first);

    ChatCompletion.Choice choice = call.choices().get(0);
    assertEquals(ChatCompletion.Choice.FinishReason.TOOL_CALLS, choice.finishReason());
    ChatCompletionMessageFunctionToolCall toolCall = choice.message().toolCalls().orElseThrow().get(0).asFunction();
    assertEquals("call_1", toolCall.id());
    assertEquals("set_light_values", toolCall.function().name());
    assertEquals(GatewayFixture.parse("{\"brightness\":25,\"color_temp\":\"warm\"}"),
        GatewayFixture.parse(toolCall.function().arguments()));

    ChatCompletion answer = client.chat().completions().create(first.toBuilder().addMessage(choice.message())
        .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(toolCall.id())
            .content("{\"brightness\":25,\"colorTemperature\":\"warm\"}").build()).build());

    assertEquals(ChatCompletion.Choice.FinishReason.STOP, answer.choices().get(0).finishReason());
    assertEquals("OK! I've dimmed the lights to 25% and set a warm color temperature.",
        answer.choices().get(0).message().content().orElseThrow());
    List<LoggedRequest> sent = google.findAll(postRequestedFor(urlEqualTo(FLASH)));
    assertEquals(2, sent.size());
    JsonNode declaration = body(sent.get(0)).path("tools").get(0).path("functionDeclarations").get(0);
    assertEquals("set_light_values", declaration.path("name").asText());
    assertFalse(declaration.path("parameters").has("additionalProperties"), declaration.toString());
    assertFalse(declaration.has("strict"), declaration.toString());
    JsonNode contents = body(sent.get(1)).path("contents");
    assertEquals("model", contents.get(1).path("role").asText());
    assertEquals(25, contents.get(1).path("parts").get(0).path("functionCall").path("args").path("brightness").asInt());
    assertEquals("user", contents.get(2).path("role").asText());
    assertEquals("warm", contents.get(2).path("parts").get(0).path("functionResponse").path("response")
        .path("colorTemperature").asText());
  }

  @Test
  void streamedToolCall() {
    google.stubFor(gemini(FLASH_STREAM).willReturn(sse("stream-tool-call.sse")));
    List<ChatCompletionChunk.Choice.Delta.ToolCall> pieces = new ArrayList<>();
    List<ChatCompletionChunk.Choice.FinishReason> reasons = new ArrayList<>();
    try (StreamResponse<ChatCompletionChunk> stream =
             client.chat().completions().createStreaming(ask("flash", "Dim the lights"))) {
      stream.stream().forEach(c -> c.choices().forEach(ch -> {
        ch.delta().toolCalls().ifPresent(pieces::addAll);
        ch.finishReason().ifPresent(reasons::add);
      }));
    }
    assertEquals(1, pieces.size(), pieces.toString());
    assertEquals("call_1", pieces.get(0).id().orElseThrow());
    assertEquals("set_light_values", pieces.get(0).function().orElseThrow().name().orElseThrow());
    assertEquals(GatewayFixture.parse("{\"brightness\":25,\"color_temp\":\"warm\"}"),
        GatewayFixture.parse(pieces.get(0).function().orElseThrow().arguments().orElseThrow()));
    assertEquals(List.of(ChatCompletionChunk.Choice.FinishReason.TOOL_CALLS), reasons);
  }

  @Test
  void aSafetyBlockIsAContentFilterFinish() {
    google.stubFor(gemini(GUARDED).willReturn(json("response-safety-blocked.json")));
    google.stubFor(gemini(GUARDED_STREAM).willReturn(sse("stream-safety-blocked.sse")));

    ChatCompletion blocked = client.chat().completions().create(ask("guarded", "Something dangerous"));
    assertEquals(ChatCompletion.Choice.FinishReason.CONTENT_FILTER, blocked.choices().get(0).finishReason());
    assertEquals(15, blocked.usage().orElseThrow().promptTokens());

    List<ChatCompletionChunk.Choice.FinishReason> reasons = new ArrayList<>();
    try (StreamResponse<ChatCompletionChunk> stream =
             client.chat().completions().createStreaming(ask("guarded", "Something dangerous"))) {
      stream.stream().forEach(c -> c.choices().forEach(ch -> ch.finishReason().ifPresent(reasons::add)));
    }
    assertEquals(List.of(ChatCompletionChunk.Choice.FinishReason.CONTENT_FILTER), reasons);
  }

  @Test
  void embeddingsOneAndMany() {
    google.stubFor(gemini(EMBED).willReturn(json("embed-content.json")));
    google.stubFor(gemini(EMBED_BATCH).willReturn(json("batch-embed-contents.json")));

    CreateEmbeddingResponse one = client.embeddings().create(EmbeddingCreateParams.builder().model("embed")
        .input("What is the meaning of life?").build());
    assertEquals(1, one.data().size());
    assertEquals(-0.022374554f, one.data().get(0).embedding().get(0), 0f);
    assertTrue(one.usage().promptTokens() > 0);

    CreateEmbeddingResponse many = client.embeddings().create(EmbeddingCreateParams.builder().model("embed")
        .inputOfArrayOfStrings(List.of("one", "two", "three")).dimensions(3).build());
    assertEquals(List.of(0L, 1L, 2L), many.data().stream().map(e -> e.index()).toList());
    assertEquals(List.of(0.019512197f, -0.0034816358f, 0.008301563f), many.data().get(2).embedding());

    JsonNode batch = body(google.findAll(postRequestedFor(urlEqualTo(EMBED_BATCH))).get(0));
    assertEquals(3, batch.path("requests").size());
    assertEquals("models/gemini-embedding-001", batch.path("requests").get(1).path("model").asText());
    assertEquals("two", batch.path("requests").get(1).path("content").path("parts").get(0).path("text").asText());
    assertEquals(3, batch.path("requests").get(1).path("outputDimensionality").asInt());
    assertKeyNeverInUrl();
  }

  @Test
  void aRequestGeminiCannotExpressIsA400NamingTheField() {
    String body = "{\"model\":\"flash\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"},"
        + "{\"role\":\"tool\",\"tool_call_id\":\"call_9\",\"content\":\"done\"}]";
    GatewayFixture.assertOpenAiError(gw.postChat(TENANT_KEY, body + "}"), 400, "invalid_request",
        "messages[1].tool_call_id");
    GatewayFixture.assertOpenAiError(gw.postChat(TENANT_KEY, body + ",\"stream\":true}"), 400, "invalid_request",
        "messages[1].tool_call_id");
    google.verify(0, postRequestedFor(anyUrl()));
  }

  @Test
  void aRejectedKeyNeverReachesTheCaller() {
    google.stubFor(gemini(FLASH).willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
        .withBody(fixture("error-api-key-invalid.json"))));

    GatewayFixture.Reply reply = gw.postChat(TENANT_KEY, GatewayFixture.chat("flash", "hi"));

    assertTrue(reply.status() >= 500, reply::toString);
    assertTrue(reply.body().contains("auth_rejected"), reply.body());
    GatewayFixture.assertNoStackTrace(reply.body());
    GatewayFixture.assertNoneContains(gw.seen(), SECRET);
  }
}
