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
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.OpenAIException;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.ResponseFormatJsonObject;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessage;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.completions.CompletionUsage;
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
 * The gateway in front of an Anthropic Messages API upstream (WireMock answering in Anthropic's format), called with
 * the official OpenAI Java SDK: the client speaks OpenAI, the upstream Anthropic, and neither notices.
 */
class AnthropicE2ETest {
  static final String SECRET = "sk-ant-upstream-secret-123456";
  static final String MESSAGES = "/v1/messages";

  @TempDir
  static Path dir;
  static WireMockServer wm;
  static GatewayFixture gw;
  static OpenAIClient client;

  @BeforeAll
  static void start() {
    wm = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    wm.start();
    gw = GatewayFixture.start(dir, """
        providers:
          claude: { type: anthropic, base_url: "http://127.0.0.1:%d", api_key: "%s" }
        models:
          claude-test:
            deployments: [ { provider: claude, model: claude-sonnet-4-5 } ]
        routing: { max_attempts: 2, attempt_timeout_ms: 30000, health: { active: { enabled: false } } }
        tenants:
          test:
            keys: [ { id: t1, key: "%s" } ]
            models: [ "*" ]
        """.formatted(wm.port(), SECRET, TENANT_KEY));
    client = gw.sdkClient(TENANT_KEY);
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (gw != null) {
        GatewayFixture.assertNoneContains(gw.seen(), SECRET);
      }
    } finally {
      GatewayFixture.closeAll(client, gw, wm);
    }
  }

  @BeforeEach
  void reset() {
    wm.resetAll();
  }

  static String fixture(String name) {
    return GatewayFixture.providerFixture("anthropic", name);
  }

  static ResponseDefinitionBuilder json(String body) {
    return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
  }

  static ResponseDefinitionBuilder sse(String body) {
    return aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream").withBody(body);
  }

  /** Every call the fake received carried the key and the API version Anthropic requires. */
  static RequestPatternBuilder authenticatedCalls() {
    return postRequestedFor(urlEqualTo(MESSAGES)).withHeader("x-api-key", equalTo(SECRET))
        .withHeader("anthropic-version", equalTo("2023-06-01"))
        .withHeader("content-type", containing("application/json"));
  }

  List<JsonNode> received() {
    return wm.findAll(postRequestedFor(urlEqualTo(MESSAGES))).stream()
        .map(r -> GatewayFixture.parse(r.getBodyAsString())).toList();
  }

  static ChatCompletionCreateParams ask(String text) {
    return ChatCompletionCreateParams.builder().model("claude-test").addSystemMessage("Be brief.")
        .addUserMessage(text).build();
  }

  @Test
  void plainCompletion() {
    wm.stubFor(post(urlEqualTo(MESSAGES)).withRequestBody(matchingJsonPath("$.stream", absent()))
        .willReturn(json(fixture("response-text.json"))));

    ChatCompletion completion = client.chat().completions().create(ask("What is your name?"));

    assertEquals("claude-test", completion.model());
    assertEquals("Hi! My name is Claude.", completion.choices().get(0).message().content().orElse(""));
    assertEquals(ChatCompletion.Choice.FinishReason.STOP, completion.choices().get(0).finishReason());
    CompletionUsage usage = completion.usage().orElseThrow();
    assertEquals(2095, usage.promptTokens());
    assertEquals(503, usage.completionTokens());
    assertEquals(2598, usage.totalTokens());

    wm.verify(1, authenticatedCalls());
    JsonNode sent = received().get(0);
    assertEquals("claude-sonnet-4-5", sent.path("model").asText());
    assertEquals("Be brief.", sent.path("system").asText());
    assertEquals(64000, sent.path("max_tokens").asInt(), "the catalog's output limit for claude-sonnet-4-5");
    assertEquals("What is your name?", sent.path("messages").path(0).path("content").path(0).path("text").asText());
  }

  @Test
  void cacheCountsReachTheClientInTheUsageObject() {
    wm.stubFor(post(urlEqualTo(MESSAGES)).willReturn(json(fixture("response-thinking.json"))));

    GatewayFixture.Reply reply = gw.postChat(TENANT_KEY, GatewayFixture.chat("claude-test", "Root of 144?"));

    assertEquals(200, reply.status(), reply.body());
    assertEquals("claude", reply.header("x-switchboard-provider"));
    assertEquals("claude/claude-sonnet-4-5", reply.header("x-switchboard-deployment"));
    JsonNode usage = reply.json().path("usage");
    assertEquals(GatewayFixture.parse("""
        {"prompt_tokens":4242,"completion_tokens":61,"total_tokens":4303,"prompt_tokens_details":{"cached_tokens":3000},
         "cache_read_input_tokens":3000,"cache_creation_input_tokens":1200,"cost_usd":0.006441}"""), usage,
        "priced per kind: 42 x $3 + 3000 cached x $0.30 + 1200 written x $3.75 + 61 out x $15 per million");
    JsonNode message = reply.json().path("choices").path(0).path("message");
    assertEquals("The square root of 144 is 12.", message.path("content").asText());
    assertTrue(message.path("reasoning_content").asText().contains("12 x 12 = 144"), message.toString());
  }

  @Test
  void streamedCompletionWithUsageChunk() {
    wm.stubFor(post(urlEqualTo(MESSAGES)).withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
        .willReturn(sse(fixture("stream-text.sse"))));
    ChatCompletionCreateParams params = ask("Hello").toBuilder()
        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
    List<String> pieces = new ArrayList<>();
    List<ChatCompletionChunk> chunks = new ArrayList<>();

    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
      stream.stream().forEach(chunk -> {
        chunks.add(chunk);
        chunk.choices().forEach(c -> c.delta().content().filter(s -> !s.isEmpty()).ifPresent(pieces::add));
      });
    }

    assertEquals(List.of("Hello", "! How can I", " help you today?"), pieces);
    assertTrue(chunks.stream().anyMatch(c -> c.choices().stream()
        .anyMatch(ch -> ch.finishReason().map(f -> f.equals(ChatCompletionChunk.Choice.FinishReason.STOP)).orElse(false))));
    ChatCompletionChunk last = chunks.get(chunks.size() - 1);
    assertTrue(last.choices().isEmpty(), "the usage chunk has no choices");
    assertEquals(25, last.usage().orElseThrow().promptTokens());
    assertEquals(15, last.usage().orElseThrow().completionTokens());
    assertTrue(chunks.stream().allMatch(c -> c.model().equals("claude-test")));
    wm.verify(1, authenticatedCalls().withRequestBody(matchingJsonPath("$.stream", equalTo("true"))));
  }

  @Test
  void toolCallRoundTrip() {
    wm.stubFor(post(urlEqualTo(MESSAGES)).atPriority(5).willReturn(json(fixture("response-tool-call.json"))));
    wm.stubFor(post(urlEqualTo(MESSAGES)).atPriority(1).withRequestBody(containing("tool_result"))
        .willReturn(json("""
            {"id":"msg_01Lp2Fx8cHHo3ZPVqNvKNwXb","type":"message","role":"assistant","model":"claude-sonnet-4-5",
             "content":[{"type":"text","text":"It is 15 degrees and sunny in San Francisco."}],
             "stop_reason":"end_turn","stop_sequence":null,
             "usage":{"input_tokens":520,"cache_read_input_tokens":384,"cache_creation_input_tokens":0,"output_tokens":14}}
            """)));
    FunctionParameters schema = FunctionParameters.builder()
        .putAdditionalProperty("type", JsonValue.from("object"))
        .putAdditionalProperty("properties", JsonValue.from(Map.of("location", Map.of("type", "string"),
            "unit", Map.of("type", "string"))))
        .putAdditionalProperty("required", JsonValue.from(List.of("location")))
        .build();
    ChatCompletionFunctionTool tool = ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder()
        .name("get_weather").description("Current weather in a city").parameters(schema).build()).build();
    ChatCompletionCreateParams first = ChatCompletionCreateParams.builder().model("claude-test")
        .addUserMessage("What is the weather in San Francisco?").addTool(tool).build();

    ChatCompletion call = client.chat().completions().create(first);

    ChatCompletion.Choice choice = call.choices().get(0);
    assertEquals(ChatCompletion.Choice.FinishReason.TOOL_CALLS, choice.finishReason());
    ChatCompletionMessage assistant = choice.message();
    ChatCompletionMessageFunctionToolCall toolCall = assistant.toolCalls().orElseThrow().get(0).asFunction();
    assertEquals("toolu_01A09q90qw90lq917835lq9", toolCall.id());
    assertEquals("get_weather", toolCall.function().name());
    assertEquals("San Francisco, CA", GatewayFixture.parse(toolCall.function().arguments()).path("location").asText());

    ChatCompletion answer = client.chat().completions().create(first.toBuilder().addMessage(assistant)
        .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(toolCall.id()).content("15 C, sunny").build())
        .build());

    assertEquals("It is 15 degrees and sunny in San Francisco.", answer.choices().get(0).message().content().orElse(""));
    assertEquals(520 + 384, answer.usage().orElseThrow().promptTokens(), "cache reads count as prompt tokens");
    assertEquals(384, answer.usage().orElseThrow().promptTokensDetails().orElseThrow().cachedTokens().orElse(-1L));

    wm.verify(2, authenticatedCalls());
    JsonNode firstSent = received().stream().filter(b -> !b.toString().contains("tool_result")).findFirst().orElseThrow();
    assertEquals("get_weather", firstSent.path("tools").path(0).path("name").asText());
    assertEquals("location", firstSent.path("tools").path(0).path("input_schema").path("required").path(0).asText());
    JsonNode secondSent = received().stream().filter(b -> b.toString().contains("tool_result")).findFirst().orElseThrow();
    JsonNode turns = secondSent.path("messages");
    assertEquals(3, turns.size(), turns.toString());
    JsonNode use = turns.path(1).path("content").path(1);
    assertEquals("tool_use", use.path("type").asText(), turns.toString());
    assertEquals("toolu_01A09q90qw90lq917835lq9", use.path("id").asText());
    assertEquals("San Francisco, CA", use.path("input").path("location").asText());
    JsonNode result = turns.path(2).path("content").path(0);
    assertEquals("user", turns.path(2).path("role").asText());
    assertEquals("tool_result", result.path("type").asText());
    assertEquals("toolu_01A09q90qw90lq917835lq9", result.path("tool_use_id").asText());
    assertEquals("15 C, sunny", result.path("content").asText());
  }

  @Test
  void midStreamErrorEventEndsTheClientStreamWithAnError() {
    wm.stubFor(post(urlEqualTo(MESSAGES)).willReturn(sse(fixture("stream-error.sse"))));
    StringBuilder text = new StringBuilder();

    OpenAIException error = assertThrows(OpenAIException.class, () -> {
      try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(ask("A story"))) {
        stream.stream().forEach(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(text::append)));
      }
    });

    assertEquals("Once upon a", text.toString(), "the content before the failure still arrived");
    assertTrue(String.valueOf(error.getMessage()).contains("overloaded_error"), error.getMessage());
    wm.verify(1, authenticatedCalls());
  }

  @Test
  void requestsAnthropicCannotExpressAreRefusedWithA400NamingTheField() {
    FunctionParameters schema = FunctionParameters.builder()
        .putAdditionalProperty("type", JsonValue.from("object")).build();
    ChatCompletionCreateParams both = ask("hi").toBuilder()
        .addTool(ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder().name("f")
            .parameters(schema).build()).build())
        .responseFormat(ResponseFormatJsonObject.builder().build()).build();

    BadRequestException plain = assertThrows(BadRequestException.class, () -> client.chat().completions().create(both));
    assertEquals("response_format", plain.param().orElse(null));

    BadRequestException streamed = assertThrows(BadRequestException.class, () -> {
      try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions()
          .createStreaming(ask("hi").toBuilder().n(2).build())) {
        stream.stream().forEach(c -> { });
      }
    });
    assertEquals("n", streamed.param().orElse(null));
    assertFalse(wm.getAllServeEvents().stream().anyMatch(e -> e.getRequest().getUrl().equals(MESSAGES)),
        "nothing was sent upstream");
  }
}
