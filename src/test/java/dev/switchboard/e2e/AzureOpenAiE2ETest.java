package dev.switchboard.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.switchboard.e2e.GatewayFixture.TENANT_KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
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

/** The OpenAI Java SDK against the gateway in front of an Azure OpenAI resource (WireMock at Azure's paths). */
class AzureOpenAiE2ETest {
  static final String KEY = "0123456789abcdef0123456789abcdef";
  static final String TOKEN = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.entra-e2e-token";
  static final String VERSION = "2024-10-21";
  static final String CHAT = "/openai/deployments/gpt-4o-prod/chat/completions";
  static final String EMBED = "/openai/deployments/ada-002/embeddings";
  @TempDir
  static Path dir;
  static WireMockServer azure;
  static GatewayFixture gw;
  static OpenAIClient client;

  @BeforeAll
  static void start() {
    azure = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    azure.start();
    gw = GatewayFixture.start(dir, """
        providers:
          azure-east: { type: azure-openai, base_url: "http://127.0.0.1:%1$d", api_key: "%2$s", api_version: %3$s }
          azure-entra: { type: azure-openai, base_url: "http://127.0.0.1:%1$d", azure_ad_token: "%4$s", api_version: %3$s }
        models:
          gpt-4o: { deployments: [ { provider: azure-east, model: gpt-4o-prod } ] }
          gpt-4o-entra: { deployments: [ { provider: azure-entra, model: gpt-4o-prod } ] }
          embed: { deployments: [ { provider: azure-east, model: ada-002 } ] }
        routing: { max_attempts: 3, attempt_timeout_ms: 30000 }
        tenants:
          test:
            keys: [ { id: t1, key: "%5$s" } ]
            models: [ "*" ]
        """.formatted(azure.port(), KEY, VERSION, TOKEN, TENANT_KEY));
    client = gw.sdkClient(TENANT_KEY);
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (gw != null) {
        GatewayFixture.assertNoneContains(gw.seen(), KEY);
        GatewayFixture.assertNoneContains(gw.seen(), TOKEN);
      }
    } finally {
      GatewayFixture.closeAll(client, gw, azure);
    }
  }

  @BeforeEach
  void reset() {
    azure.resetAll();
  }

  static String fixture(String name) {
    return GatewayFixture.providerFixture("azure-openai", name);
  }

  /** A call to {@code path} with the api-version and the resource key, as Azure requires. */
  static MappingBuilder azureCall(String path) {
    return post(urlPathEqualTo(path)).withQueryParam("api-version", equalTo(VERSION)).withHeader("api-key", equalTo(KEY));
  }

  static RequestPatternBuilder azureCalls(String path) {
    return postRequestedFor(urlPathEqualTo(path)).withQueryParam("api-version", equalTo(VERSION))
        .withHeader("api-key", equalTo(KEY)).withHeader("Authorization", absent());
  }

  static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
  }

  static ChatCompletionCreateParams ask(String model, String text) {
    return ChatCompletionCreateParams.builder().model(model).addUserMessage(text).build();
  }

  @Test
  void plainCompletion() {
    azure.stubFor(azureCall(CHAT).willReturn(json(200, fixture("response-text.json"))));

    ChatCompletion completion = client.chat().completions().create(ask("gpt-4o", "Hello!"));

    assertEquals("gpt-4o", completion.model());
    assertEquals("Hello from Azure!", completion.choices().get(0).message().content().orElse(""));
    assertEquals(ChatCompletion.Choice.FinishReason.STOP, completion.choices().get(0).finishReason());
    assertEquals(18, completion.usage().orElseThrow().totalTokens());
    azure.verify(1, azureCalls(CHAT).withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o-prod"))));
  }

  @Test
  void streamWithPromptFilterResultsAndUsage() {
    azure.stubFor(azureCall(CHAT).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "text/event-stream").withBody(fixture("stream-text.sse"))));
    ChatCompletionCreateParams params = ask("gpt-4o", "Hello!").toBuilder()
        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();

    List<String> pieces = new ArrayList<>();
    List<ChatCompletionChunk> chunks = new ArrayList<>();
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
      stream.stream().forEach(chunk -> {
        chunks.add(chunk);
        chunk.choices().forEach(c -> c.delta().content().filter(s -> !s.isEmpty()).ifPresent(pieces::add));
      });
    }

    assertEquals(List.of("Hello", " from", " Azure!"), pieces);
    assertTrue(chunks.stream().allMatch(c -> c.model().equals("gpt-4o")), "every chunk names the public model");
    ChatCompletionChunk last = chunks.get(chunks.size() - 1);
    assertEquals(14, last.usage().orElseThrow().promptTokens());
    assertEquals(4, last.usage().orElseThrow().completionTokens());
    azure.verify(1, azureCalls(CHAT).withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
        .withRequestBody(matchingJsonPath("$.stream_options.include_usage", equalTo("true"))));
  }

  @Test
  void toolCallRoundTrip() {
    azure.stubFor(azureCall(CHAT).withRequestBody(matchingJsonPath("$.messages[?(@.role == 'tool')]", absent()))
        .willReturn(json(200, """
            {"id":"chatcmpl-AzTool1","object":"chat.completion","created":1733402300,"model":"gpt-4o-2024-08-06",
             "prompt_filter_results":[{"prompt_index":0,"content_filter_results":{}}],
             "choices":[{"index":0,"finish_reason":"tool_calls","logprobs":null,"content_filter_results":{},
               "message":{"role":"assistant","content":null,"refusal":null,"tool_calls":[{"id":"call_Az9Kx","type":"function",
                 "function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]}}],
             "usage":{"prompt_tokens":60,"completion_tokens":15,"total_tokens":75}}
            """)));
    azure.stubFor(azureCall(CHAT).withRequestBody(matchingJsonPath("$.messages[?(@.role == 'tool')]"))
        .willReturn(json(200, """
            {"id":"chatcmpl-AzTool2","object":"chat.completion","created":1733402301,"model":"gpt-4o-2024-08-06",
             "choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":"Sunny, 22 degrees in Paris."}}],
             "usage":{"prompt_tokens":90,"completion_tokens":8,"total_tokens":98}}
            """)));
    FunctionParameters schema = FunctionParameters.builder()
        .putAdditionalProperty("type", JsonValue.from("object"))
        .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
        .putAdditionalProperty("required", JsonValue.from(List.of("city")))
        .build();
    ChatCompletionFunctionTool tool = ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder()
        .name("get_weather").description("Current weather in a city").parameters(schema).build()).build();
    ChatCompletionCreateParams first = ChatCompletionCreateParams.builder().model("gpt-4o")
        .addUserMessage("What is the weather in Paris?").addTool(tool).build();

    ChatCompletion call = client.chat().completions().create(first);

    assertEquals(ChatCompletion.Choice.FinishReason.TOOL_CALLS, call.choices().get(0).finishReason());
    ChatCompletionMessage assistant = call.choices().get(0).message();
    ChatCompletionMessageFunctionToolCall toolCall = assistant.toolCalls().orElseThrow().get(0).asFunction();
    assertEquals("call_Az9Kx", toolCall.id());
    assertEquals("{\"city\":\"Paris\"}", toolCall.function().arguments());

    ChatCompletion answer = client.chat().completions().create(first.toBuilder().addMessage(assistant)
        .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(toolCall.id()).content("Sunny, 22 degrees").build())
        .build());

    assertEquals("Sunny, 22 degrees in Paris.", answer.choices().get(0).message().content().orElse(""));
    azure.verify(1, azureCalls(CHAT)
        .withRequestBody(matchingJsonPath("$.messages[1].tool_calls[0].id", equalTo("call_Az9Kx")))
        .withRequestBody(matchingJsonPath("$.messages[2].tool_call_id", equalTo("call_Az9Kx"))));
  }

  @Test
  void embeddings() {
    azure.stubFor(azureCall(EMBED).willReturn(json(200, """
        {"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.0023064255,-0.009327292,-0.0028842222]}],
         "model":"text-embedding-ada-002","usage":{"prompt_tokens":5,"total_tokens":5}}
        """)));

    CreateEmbeddingResponse r = client.embeddings().create(EmbeddingCreateParams.builder().model("embed")
        .input("The food was delicious").build());

    assertEquals(1, r.data().size());
    assertEquals(3, r.data().get(0).embedding().size());
    assertEquals(-0.009327292f, r.data().get(0).embedding().get(1), 1e-9f);
    assertEquals(5, r.usage().promptTokens());
    assertEquals("embed", r.model());
    azure.verify(1, azureCalls(EMBED).withRequestBody(matchingJsonPath("$.input", equalTo("The food was delicious"))));
  }

  @Test
  void contentFilterRefusalReachesTheCallerAsA400() {
    azure.stubFor(azureCall(CHAT).willReturn(json(400, fixture("error-content-filter.json"))));

    BadRequestException e = assertThrows(BadRequestException.class,
        () -> client.chat().completions().create(ask("gpt-4o", "something the filter blocks")));

    assertEquals("content_filter", e.code().orElse(null));
    assertTrue(e.getMessage().contains("content management policy"), e.getMessage());
    azure.verify(1, azureCalls(CHAT));
  }

  @Test
  void anEntraIdTokenIsSentInsteadOfAKey() {
    azure.stubFor(post(urlPathEqualTo(CHAT)).withHeader("Authorization", equalTo("Bearer " + TOKEN))
        .willReturn(json(200, fixture("response-text.json"))));

    ChatCompletion completion = client.chat().completions().create(ask("gpt-4o-entra", "Hello!"));

    assertEquals("Hello from Azure!", completion.choices().get(0).message().content().orElse(""));
    azure.verify(1, postRequestedFor(urlPathEqualTo(CHAT)).withHeader("api-key", absent())
        .withQueryParam("api-version", equalTo(VERSION)));
  }
}
