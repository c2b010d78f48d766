package dev.switchboard.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.switchboard.e2e.GatewayFixture.TENANT_KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionContentPart;
import com.openai.models.chat.completions.ChatCompletionContentPartImage;
import com.openai.models.chat.completions.ChatCompletionContentPartText;
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

/** The OpenAI Java SDK against the gateway in front of an Ollama server (WireMock speaking Ollama's native API). */
class OllamaE2ETest {
  static final String CHAT = "/api/chat";
  static final String EMBED = "/api/embed";
  @TempDir
  static Path dir;
  static WireMockServer ollama;
  static GatewayFixture gw;
  static OpenAIClient client;

  @BeforeAll
  static void start() {
    ollama = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    ollama.start();
    gw = GatewayFixture.start(dir, """
        providers:
          llm: { type: ollama, base_url: "http://127.0.0.1:%d" }
          compatible: { type: openai, base_url: "http://127.0.0.1:%d/v1" }
        models:
          local-chat: { deployments: [ { provider: llm, model: llama3.2 } ] }
          local-pair:
            deployments:
              - { provider: llm, model: not-pulled, weight: 1 }
              - { provider: llm, model: llama3.2, weight: 0 }
          local-embed: { deployments: [ { provider: llm, model: all-minilm } ] }
          mixed:
            deployments:
              - { provider: compatible, model: vision-model, weight: 1 }
              - { provider: llm, model: llama3.2, weight: 0 }
        routing: { max_attempts: 3, attempt_timeout_ms: 30000 }
        tenants:
          test:
            keys: [ { id: t1, key: "%s" } ]
            models: [ "*" ]
        """.formatted(ollama.port(), ollama.port(), TENANT_KEY));
    client = gw.sdkClient(TENANT_KEY);
  }

  @AfterAll
  static void stop() throws Exception {
    GatewayFixture.closeAll(client, gw, ollama);
  }

  @BeforeEach
  void reset() {
    ollama.resetAll();
  }

  static String fixture(String name) {
    return GatewayFixture.providerFixture("ollama", name);
  }

  static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse().withStatus(status).withHeader("Content-Type", "application/json; charset=utf-8").withBody(body);
  }

  static ChatCompletionCreateParams ask(String model, String text) {
    return ChatCompletionCreateParams.builder().model(model).addUserMessage(text).build();
  }

  @Test
  void plainCompletion() {
    ollama.stubFor(post(urlEqualTo(CHAT)).withRequestBody(matchingJsonPath("$.stream", equalTo("false")))
        .willReturn(json(200, fixture("response-text.json"))));

    ChatCompletion completion = client.chat().completions().create(ask("local-chat", "Why is the sky blue?").toBuilder()
        .temperature(0.0).maxCompletionTokens(100).build());

    assertEquals("local-chat", completion.model());
    ChatCompletion.Choice choice = completion.choices().get(0);
    assertEquals(ChatCompletion.Choice.FinishReason.STOP, choice.finishReason());
    assertTrue(choice.message().content().orElse("").startsWith("The sky looks blue"));
    assertEquals(26, completion.usage().orElseThrow().promptTokens());
    assertEquals(19, completion.usage().orElseThrow().completionTokens());
    ollama.verify(1, postRequestedFor(urlEqualTo(CHAT))
        .withHeader("Authorization", absent())
        .withRequestBody(matchingJsonPath("$.model", equalTo("llama3.2")))
        .withRequestBody(matchingJsonPath("$.messages[0].content", equalTo("Why is the sky blue?")))
        .withRequestBody(matchingJsonPath("$.options.num_predict", equalTo("100")))
        .withRequestBody(matchingJsonPath("$.options.temperature", equalTo("0.0"))));
  }

  @Test
  void streamWithUsage() {
    ollama.stubFor(post(urlEqualTo(CHAT)).withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-ndjson")
            .withBody(fixture("stream-text.ndjson"))));
    ChatCompletionCreateParams params = ask("local-chat", "Why is the sky blue?").toBuilder()
        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();

    List<String> pieces = new ArrayList<>();
    List<ChatCompletionChunk> chunks = new ArrayList<>();
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
      stream.stream().forEach(chunk -> {
        chunks.add(chunk);
        chunk.choices().forEach(c -> c.delta().content().filter(s -> !s.isEmpty()).ifPresent(pieces::add));
      });
    }

    assertEquals(List.of("Rayleigh", " scattering", " makes it blue", "."), pieces);
    assertTrue(chunks.stream().anyMatch(c -> c.choices().stream().anyMatch(ch -> ch.finishReason()
        .map(r -> r.equals(ChatCompletionChunk.Choice.FinishReason.STOP)).orElse(false))));
    ChatCompletionChunk last = chunks.get(chunks.size() - 1);
    assertEquals(26, last.usage().orElseThrow().promptTokens());
    assertEquals(5, last.usage().orElseThrow().completionTokens());
    assertEquals("local-chat", last.model());
  }

  @Test
  void toolCallRoundTrip() {
    ollama.stubFor(post(urlEqualTo(CHAT)).withRequestBody(matchingJsonPath("$.messages[?(@.role == 'tool')]", absent()))
        .willReturn(json(200, fixture("response-tool-call.json"))));
    ollama.stubFor(post(urlEqualTo(CHAT)).withRequestBody(matchingJsonPath("$.messages[?(@.role == 'tool')]"))
        .willReturn(json(200, """
            {"model":"llama3.2","created_at":"2024-07-22T20:33:30Z","message":{"role":"assistant",
             "content":"It is 22 degrees and sunny in Paris."},"done_reason":"stop","done":true,
             "prompt_eval_count":160,"eval_count":12}
            """)));
    FunctionParameters schema = FunctionParameters.builder()
        .putAdditionalProperty("type", JsonValue.from("object"))
        .putAdditionalProperty("properties", JsonValue.from(Map.of("location", Map.of("type", "string"),
            "format", Map.of("type", "string", "enum", List.of("celsius", "fahrenheit")))))
        .putAdditionalProperty("required", JsonValue.from(List.of("location", "format")))
        .build();
    ChatCompletionFunctionTool tool = ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder()
        .name("get_weather").description("Current weather at a location").parameters(schema).build()).build();
    ChatCompletionCreateParams first = ChatCompletionCreateParams.builder().model("local-chat")
        .addUserMessage("What is the weather today in Paris?").addTool(tool).build();

    ChatCompletion call = client.chat().completions().create(first);

    assertEquals(ChatCompletion.Choice.FinishReason.TOOL_CALLS, call.choices().get(0).finishReason());
    ChatCompletionMessage assistant = call.choices().get(0).message();
    ChatCompletionMessageFunctionToolCall toolCall = assistant.toolCalls().orElseThrow().get(0).asFunction();
    assertEquals("call_0", toolCall.id());
    assertEquals("get_weather", toolCall.function().name());
    JsonNode arguments = GatewayFixture.parse(toolCall.function().arguments());
    assertEquals("Paris, FR", arguments.path("location").asText());
    assertEquals("celsius", arguments.path("format").asText());

    ChatCompletion answer = client.chat().completions().create(first.toBuilder().addMessage(assistant)
        .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(toolCall.id()).content("22 degrees, sunny").build())
        .build());

    assertEquals("It is 22 degrees and sunny in Paris.", answer.choices().get(0).message().content().orElse(""));
    assertEquals(ChatCompletion.Choice.FinishReason.STOP, answer.choices().get(0).finishReason());
    ollama.verify(1, postRequestedFor(urlEqualTo(CHAT))
        .withRequestBody(matchingJsonPath("$.tools[0].function.name", equalTo("get_weather")))
        .withRequestBody(matchingJsonPath("$.messages[1].tool_calls[0].function.arguments.location", equalTo("Paris, FR")))
        .withRequestBody(matchingJsonPath("$.messages[2].role", equalTo("tool")))
        .withRequestBody(matchingJsonPath("$.messages[2].tool_name", equalTo("get_weather")))
        .withRequestBody(matchingJsonPath("$.messages[2].content", equalTo("22 degrees, sunny"))));
  }

  @Test
  void embeddings() {
    ollama.stubFor(post(urlEqualTo(EMBED)).willReturn(json(200, fixture("embeddings.json"))));

    CreateEmbeddingResponse r = client.embeddings().create(EmbeddingCreateParams.builder().model("local-embed")
        .inputOfArrayOfStrings(List.of("Why is the sky blue?", "Why is the grass green?")).build());

    assertEquals(2, r.data().size());
    assertEquals(5, r.data().get(0).embedding().size());
    assertEquals(0.010071029f, r.data().get(0).embedding().get(0), 1e-9f);
    assertEquals(-0.0098027075f, r.data().get(1).embedding().get(0), 1e-9f);
    assertEquals(14, r.usage().promptTokens());
    assertEquals("local-embed", r.model());
    ollama.verify(1, postRequestedFor(urlEqualTo(EMBED))
        .withRequestBody(matchingJsonPath("$.model", equalTo("all-minilm")))
        .withRequestBody(matchingJsonPath("$.input[1]", equalTo("Why is the grass green?"))));
  }

  @Test
  void aModelNotPulledFailsOverToTheNextDeployment() {
    ollama.stubFor(post(urlEqualTo(CHAT)).withRequestBody(matchingJsonPath("$.model", equalTo("not-pulled")))
        .willReturn(json(404, "{\"error\":\"model \\\"not-pulled\\\" not found, try pulling it first\"}")));
    ollama.stubFor(post(urlEqualTo(CHAT)).withRequestBody(matchingJsonPath("$.model", equalTo("llama3.2")))
        .willReturn(json(200, fixture("response-text.json"))));

    GatewayFixture.Reply reply = gw.postChat(TENANT_KEY, GatewayFixture.chat("local-pair", "Why is the sky blue?"));

    assertEquals(200, reply.status(), reply.body());
    assertEquals("2", reply.header("x-switchboard-attempts"));
    assertEquals("llm/llama3.2", reply.header("x-switchboard-deployment"));
  }

  @Test
  void anImageLinkIsRefusedWithTheFieldNamed() {
    ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("local-chat")
        .addUserMessageOfArrayOfContentParts(List.of(
            ChatCompletionContentPart.ofText(ChatCompletionContentPartText.builder()
                .text("What is in this picture?").build()),
            ChatCompletionContentPart.ofImageUrl(ChatCompletionContentPartImage.builder().imageUrl(
                ChatCompletionContentPartImage.ImageUrl.builder().url("https://example.com/pig.png").build()).build())))
        .build();

    BadRequestException e = assertThrows(BadRequestException.class, () -> client.chat().completions().create(params));

    assertEquals("messages[0].content[1].image_url", e.param().orElse(null));

    GatewayFixture.Reply streamed = gw.postChat(TENANT_KEY, "{\"model\":\"local-chat\",\"stream\":true,"
        + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\","
        + "\"image_url\":{\"url\":\"http://example.com/pig.png\"}}]}]}");
    GatewayFixture.assertOpenAiError(streamed, 400, "invalid_request", "messages[0].content[0].image_url");
    assertEquals(0, ollama.getAllServeEvents().size(), "nothing was sent upstream");
  }

  @Test
  void aStreamFailingOverToOllamaWithAnImageLinkIsRefusedToo() {
    ollama.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(json(500,
        "{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\",\"param\":null,\"code\":null}}")));

    GatewayFixture.Reply streamed = gw.postChat(TENANT_KEY, "{\"model\":\"mixed\",\"stream\":true,"
        + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\","
        + "\"image_url\":{\"url\":\"https://example.com/pig.png\"}}]}]}");

    GatewayFixture.assertOpenAiError(streamed, 400, "invalid_request", "messages[0].content[0].image_url");
    ollama.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions")));
    ollama.verify(0, postRequestedFor(urlEqualTo(CHAT)));
  }
}
