package dev.switchboard.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.switchboard.e2e.GatewayFixture.TENANT_KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.InternalServerException;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessage;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
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
 * The official OpenAI Java SDK against the gateway, with a WireMock fake of Cohere's v2 API behind it that
 * answers only requests carrying the configured bearer key, with Cohere's documented answers.
 */
class CohereE2ETest {
  static final String SECRET = "co-upstream-secret-123456";
  static final String CHAT_MODEL = "command-a-03-2025";
  static final String EMBED_MODEL = "embed-v4.0";

  @TempDir
  static Path dir;
  static WireMockServer cohere;
  static GatewayFixture gw;
  static OpenAIClient client;

  @BeforeAll
  static void start() {
    cohere = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    cohere.start();
    String base = "http://127.0.0.1:" + cohere.port();
    gw = GatewayFixture.start(dir, """
        providers:
          co: { type: cohere, base_url: "%s", api_key: "%s" }
          co-wrong-key: { type: cohere, base_url: "%s", api_key: "co-not-the-right-key-000" }
        models:
          command: { deployments: [ { provider: co, model: %s } ] }
          command-wrong-key: { deployments: [ { provider: co-wrong-key, model: %s } ] }
          embed: { deployments: [ { provider: co, model: %s } ] }
        routing: { max_attempts: 1, attempt_timeout_ms: 30000 }
        tenants:
          test:
            keys: [ { id: t1, key: "%s" } ]
            models: [ "*" ]
        """.formatted(base, SECRET, base, CHAT_MODEL, CHAT_MODEL, EMBED_MODEL, TENANT_KEY));
    client = gw.sdkClient(TENANT_KEY);
  }

  @AfterAll
  static void stop() throws Exception {
    GatewayFixture.closeAll(client, gw, cohere);
  }

  @BeforeEach
  void reset() {
    cohere.resetAll();
    cohere.stubFor(post(urlEqualTo("/v2/chat")).atPriority(10).willReturn(cohereError(401, "invalid api token")));
  }

  /** A call to Cohere's v2 chat with the right key; anything else gets Cohere's 401. */
  static MappingBuilder chat() {
    return chat(1);
  }

  static MappingBuilder chat(int priority) {
    return post(urlEqualTo("/v2/chat")).atPriority(priority).withHeader("Authorization", equalTo("Bearer " + SECRET))
        .withRequestBody(matchingJsonPath("$.model", equalTo(CHAT_MODEL)));
  }

  static ResponseDefinitionBuilder json(String fixture) {
    return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(fixture(fixture));
  }

  static ResponseDefinitionBuilder cohereError(int status, String message) {
    return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
        .withBody("{\"id\":\"e2e\",\"message\":\"" + message + "\"}");
  }

  static String fixture(String name) {
    return GatewayFixture.providerFixture("cohere", name);
  }

  static List<JsonNode> chatBodies() {
    return cohere.findAll(postRequestedFor(urlEqualTo("/v2/chat"))).stream()
        .map(r -> GatewayFixture.parse(r.getBodyAsString())).toList();
  }

  static ChatCompletionCreateParams ask(String model, String text) {
    return ChatCompletionCreateParams.builder().model(model).addSystemMessage("Be brief.").addUserMessage(text).build();
  }

  @Test
  void plainCompletion() {
    cohere.stubFor(chat().withRequestBody(matchingJsonPath("$.stream", absent())).willReturn(json("response-text.json")));

    ChatCompletion completion = client.chat().completions().create(ask("command", "Hello!").toBuilder()
        .maxCompletionTokens(100).temperature(0.2).build());

    assertEquals("command", completion.model());
    assertEquals("Hello! How can I help you today?", completion.choices().get(0).message().content().orElse(""));
    assertEquals(ChatCompletion.Choice.FinishReason.STOP, completion.choices().get(0).finishReason());
    assertEquals(496, completion.usage().orElseThrow().promptTokens());
    assertEquals(11, completion.usage().orElseThrow().completionTokens());
    JsonNode sent = chatBodies().get(0);
    assertEquals("system", sent.path("messages").get(0).path("role").asText());
    assertEquals("Hello!", sent.path("messages").get(1).path("content").asText());
    assertEquals(100, sent.path("max_tokens").asInt());
    assertEquals(0.2, sent.path("temperature").asDouble(), 1e-9);
  }

  @Test
  void streamedCompletionWithUsage() {
    cohere.stubFor(chat().withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
            .withBody(fixture("stream-text.sse"))));
    ChatCompletionCreateParams params = ask("command", "What is an LLM?").toBuilder()
        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();

    List<String> pieces = new ArrayList<>();
    List<ChatCompletionChunk> chunks = new ArrayList<>();
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
      stream.stream().forEach(chunk -> {
        chunks.add(chunk);
        chunk.choices().forEach(c -> c.delta().content().filter(s -> !s.isEmpty()).ifPresent(pieces::add));
      });
    }

    assertEquals(List.of("A", " large", " language", " model", " (LLM)", " predicts text."), pieces);
    assertTrue(chunks.stream().anyMatch(c -> c.choices().stream().anyMatch(ch -> ch.finishReason()
        .filter(ChatCompletionChunk.Choice.FinishReason.STOP::equals).isPresent())), "a stop finish reason arrives");
    ChatCompletionChunk last = chunks.get(chunks.size() - 1);
    assertEquals(72, last.usage().orElseThrow().promptTokens());
    assertEquals(10, last.usage().orElseThrow().completionTokens());
  }

  @Test
  void toolCallRoundTrip() {
    cohere.stubFor(chat(2).willReturn(json("response-tool-call.json")));
    cohere.stubFor(chat().withRequestBody(matchingJsonPath("$.messages[?(@.role == 'tool')]"))
        .willReturn(json("response-text.json").withBody(fixture("response-text.json")
            .replace("Hello! How can I help you today?", "It is 20C and sunny in Toronto."))));
    FunctionParameters schema = FunctionParameters.builder()
        .putAdditionalProperty("type", JsonValue.from("object"))
        .putAdditionalProperty("properties", JsonValue.from(Map.of("location", Map.of("type", "string"))))
        .putAdditionalProperty("required", JsonValue.from(List.of("location")))
        .build();
    ChatCompletionFunctionTool tool = ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder()
        .name("get_weather").description("gets the weather of a given location").parameters(schema).build()).build();
    ChatCompletionCreateParams first = ChatCompletionCreateParams.builder().model("command")
        .addUserMessage("What is the weather in Toronto?").addTool(tool).build();

    ChatCompletion call = client.chat().completions().create(first);

    ChatCompletion.Choice choice = call.choices().get(0);
    assertEquals(ChatCompletion.Choice.FinishReason.TOOL_CALLS, choice.finishReason());
    ChatCompletionMessage assistant = choice.message();
    ChatCompletionMessageFunctionToolCall toolCall = assistant.toolCalls().orElseThrow().get(0).asFunction();
    assertEquals("get_weather_1byjy32y4hvq", toolCall.id());
    assertEquals("Toronto", GatewayFixture.parse(toolCall.function().arguments()).path("location").asText());

    ChatCompletion answer = client.chat().completions().create(first.toBuilder().addMessage(assistant)
        .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(toolCall.id())
            .content("{\"temperature\":\"20C\",\"sky\":\"sunny\"}").build())
        .build());

    assertEquals("It is 20C and sunny in Toronto.", answer.choices().get(0).message().content().orElse(""));
    JsonNode second = chatBodies().get(1);
    JsonNode messages = second.path("messages");
    assertEquals("get_weather", second.path("tools").get(0).path("function").path("name").asText());
    assertEquals("assistant", messages.get(1).path("role").asText());
    assertEquals("get_weather_1byjy32y4hvq", messages.get(1).path("tool_calls").get(0).path("id").asText());
    assertEquals("tool", messages.get(2).path("role").asText());
    assertEquals("get_weather_1byjy32y4hvq", messages.get(2).path("tool_call_id").asText());
    assertEquals("{\"temperature\":\"20C\",\"sky\":\"sunny\"}", messages.get(2).path("content").asText());
  }

  @Test
  void embeddings() {
    cohere.stubFor(post(urlEqualTo("/v2/embed")).withHeader("Authorization", equalTo("Bearer " + SECRET))
        .withRequestBody(matchingJsonPath("$.model", equalTo(EMBED_MODEL)))
        .withRequestBody(matchingJsonPath("$.input_type", equalTo("search_query")))
        .withRequestBody(matchingJsonPath("$.embedding_types[0]", equalTo("float")))
        .willReturn(json("embed.json")));

    CreateEmbeddingResponse response = client.embeddings().create(EmbeddingCreateParams.builder().model("embed")
        .inputOfArrayOfStrings(List.of("hello", "goodbye"))
        .putAdditionalBodyProperty("input_type", JsonValue.from("search_query")).build());

    assertEquals(2, response.data().size());
    assertEquals(0.016296387f, response.data().get(0).embedding().get(0), 1e-7f);
    assertEquals(1, response.data().get(1).index());
    assertEquals(-0.0023498535f, response.data().get(1).embedding().get(0), 1e-7f);
    assertEquals(2, response.usage().promptTokens());
    JsonNode sent = GatewayFixture.parse(cohere.findAll(postRequestedFor(urlEqualTo("/v2/embed"))).get(0).getBodyAsString());
    assertEquals(List.of("hello", "goodbye"), List.of(sent.path("texts").get(0).asText(), sent.path("texts").get(1).asText()));
  }

  @Test
  void aWrongUpstreamKeyIsAnUpstreamFailureThatNeverShowsTheKey() {
    InternalServerException e = assertThrows(InternalServerException.class,
        () -> client.chat().completions().create(ask("command-wrong-key", "hi")));
    assertEquals(502, e.statusCode());
    assertTrue(e.getMessage().contains("auth_rejected") || e.getMessage().contains("invalid api token"), e.getMessage());
    assertFalse(e.getMessage().contains("co-not-the-right-key-000"), e.getMessage());
    assertFalse(e.getMessage().contains(SECRET), e.getMessage());
    cohere.verify(1, postRequestedFor(urlEqualTo("/v2/chat"))
        .withHeader("Authorization", containing("co-not-the-right-key-000")));
  }

  @Test
  void requestsCohereCannotExpressAreRefusedBeforeAnyUpstreamCall() {
    for (boolean stream : new boolean[] {false, true}) {
      GatewayFixture.Reply reply = gw.postChat(TENANT_KEY,
          GatewayFixture.chat("command", "hi", Map.of("n", 2, "stream", stream)));
      GatewayFixture.assertOpenAiError(reply, 400, "invalid_request", "n");
    }
    cohere.verify(0, postRequestedFor(urlEqualTo("/v2/chat")));
    GatewayFixture.assertNoneContains(gw.seen(), SECRET);
  }
}
