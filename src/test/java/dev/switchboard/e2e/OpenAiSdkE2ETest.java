package dev.switchboard.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static dev.switchboard.e2e.GatewayFixture.TENANT_KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.errors.OpenAIException;
import com.openai.errors.PermissionDeniedException;
import com.openai.errors.UnauthorizedException;
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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The official OpenAI Java SDK pointed at the gateway: it must not notice it is not talking to OpenAI. */
class OpenAiSdkE2ETest {
  @TempDir
  static Path dir;
  static Upstream upstream;
  static GatewayFixture gw;
  static OpenAIClient client;

  @BeforeAll
  static void start() {
    upstream = new Upstream();
    gw = GatewayFixture.start(dir, upstream.sections(30_000));
    client = sdk(TENANT_KEY);
  }

  @AfterAll
  static void stop() throws Exception {
    GatewayFixture.closeAll(client, gw, upstream);
  }

  @BeforeEach
  void reset() {
    upstream.wm.resetAll();
  }

  static OpenAIClient sdk(String key) {
    return gw.sdkClient(key);
  }

  static ChatCompletionCreateParams ask(String model, String text) {
    return ChatCompletionCreateParams.builder().model(model).addUserMessage(text).build();
  }

  @Test
  void plainCompletionAgainstTheMock() {
    ChatCompletion completion = client.chat().completions().create(ask("demo", "hi"));

    assertEquals("demo", completion.model());
    assertEquals(ChatCompletion.Choice.FinishReason.STOP, completion.choices().get(0).finishReason());
    assertTrue(completion.choices().get(0).message().content().orElse("").contains("hi"));
    assertTrue(completion.usage().orElseThrow().totalTokens() > 0);
  }

  @Test
  void streamedCompletionAgainstTheMock() {
    ChatCompletionCreateParams params = ask("demo", "stream this please").toBuilder()
        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
    StringBuilder text = new StringBuilder();
    List<ChatCompletionChunk> chunks = new ArrayList<>();
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
      stream.stream().forEach(chunk -> {
        chunks.add(chunk);
        chunk.choices().forEach(c -> c.delta().content().ifPresent(text::append));
      });
    }
    assertTrue(chunks.size() > 2, "several chunks");
    assertTrue(text.toString().startsWith("Hello from the Switchboard mock model"), text.toString());
    assertTrue(text.toString().contains("stream this please"), text.toString());
    assertTrue(chunks.get(chunks.size() - 1).usage().orElseThrow().completionTokens() > 0);
  }

  @Test
  void toolCallRoundTripAgainstTheMock() {
    FunctionParameters schema = FunctionParameters.builder()
        .putAdditionalProperty("type", JsonValue.from("object"))
        .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
        .putAdditionalProperty("required", JsonValue.from(List.of("city")))
        .build();
    ChatCompletionFunctionTool tool = ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder()
        .name("get_weather").description("Current weather in a city").parameters(schema).build()).build();
    ChatCompletionCreateParams first = ChatCompletionCreateParams.builder().model("demo")
        .addUserMessage("What is the weather in Paris?").addTool(tool).build();

    ChatCompletion call = client.chat().completions().create(first);

    ChatCompletion.Choice choice = call.choices().get(0);
    assertEquals(ChatCompletion.Choice.FinishReason.TOOL_CALLS, choice.finishReason());
    ChatCompletionMessage assistant = choice.message();
    ChatCompletionMessageFunctionToolCall toolCall = assistant.toolCalls().orElseThrow().get(0).asFunction();
    assertEquals("get_weather", toolCall.function().name());
    JsonNode arguments = GatewayFixture.parse(toolCall.function().arguments());
    assertTrue(arguments.path("city").isTextual(), toolCall.function().arguments());

    ChatCompletionCreateParams second = first.toBuilder().addMessage(assistant)
        .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(toolCall.id())
            .content("Sunny, 22 degrees in Paris").build())
        .build();
    ChatCompletion answer = client.chat().completions().create(second);

    assertEquals(ChatCompletion.Choice.FinishReason.STOP, answer.choices().get(0).finishReason());
    String text = answer.choices().get(0).message().content().orElse("");
    assertTrue(text.contains("Sunny, 22 degrees in Paris"), text);
  }

  @Test
  void plainAndStreamedCompletionAgainstAnOpenAiUpstream() {
    upstream.wm.stubFor(Upstream.chatFor(Upstream.UPSTREAM_MODEL)
        .withRequestBody(matchingJsonPath("$.stream", absent())).willReturn(Upstream.completion()));
    upstream.wm.stubFor(Upstream.chatFor(Upstream.UPSTREAM_MODEL)
        .withRequestBody(matchingJsonPath("$.stream", equalTo("true"))).willReturn(Upstream.stream()));

    ChatCompletion completion = client.chat().completions().create(ask("gpt-test", "Hello!"));
    assertEquals("gpt-test", completion.model());
    assertEquals("\n\nHello there, how may I assist you today?", completion.choices().get(0).message().content().orElse(""));
    assertEquals(21, completion.usage().orElseThrow().totalTokens());

    List<String> pieces = new ArrayList<>();
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(ask("gpt-test", "Hello!"))) {
      stream.stream().forEach(c -> c.choices().forEach(ch -> ch.delta().content().filter(s -> !s.isEmpty())
          .ifPresent(pieces::add)));
    }
    assertEquals(Upstream.documentedStreamPieces(), pieces);
    upstream.wm.verify(2, Upstream.chatCalls());
  }

  @Test
  void streamBrokenAfterContentSurfacesAsAnSdkError() {
    upstream.wm.stubFor(Upstream.chatFor(Upstream.UPSTREAM_MODEL)
        .willReturn(Upstream.sse(GatewayFixture.resource("openai-stream-truncated.sse"))));
    StringBuilder text = new StringBuilder();

    assertThrows(OpenAIException.class, () -> {
      try (StreamResponse<ChatCompletionChunk> stream =
               client.chat().completions().createStreaming(ask("gpt-test", "Hello!"))) {
        stream.stream().forEach(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(text::append)));
      }
    });
    assertEquals("Hello wor", text.toString(), "the content before the failure still arrived");
  }

  @Test
  void errorsMapToTheSdksExceptionTypes() {
    OpenAIClient wrongKey = sdk("sk-test-wrong-key-9999");
    try {
      UnauthorizedException e = assertThrows(UnauthorizedException.class,
          () -> wrongKey.chat().completions().create(ask("demo", "hi")));
      assertEquals(401, e.statusCode());
      assertFalse(e.getMessage().contains("sk-test-wrong-key-9999"));
    } finally {
      wrongKey.close();
    }
    NotFoundException notFound = assertThrows(NotFoundException.class,
        () -> client.chat().completions().create(ask("no-such-model", "hi")));
    assertEquals(404, notFound.statusCode());
    assertEquals("model_not_found", notFound.code().orElse(null));

    BadRequestException bad = assertThrows(BadRequestException.class, () -> client.chat().completions()
        .create(ask("demo", "hi").toBuilder().temperature(5.0).build()));
    assertEquals("temperature", bad.param().orElse(null));
  }

  @Test
  void modelNotAllowedMapsToPermissionDenied(@TempDir Path own) {
    try (GatewayFixture mockOnly = GatewayFixture.start(own, GatewayFixture.MOCK_SECTIONS)) {
      OpenAIClient sdk = OpenAIOkHttpClient.builder().baseUrl("http://127.0.0.1:" + mockOnly.port() + "/v1")
          .apiKey(TENANT_KEY).maxRetries(0).build();
      try {
        assertThrows(PermissionDeniedException.class, () -> sdk.chat().completions().create(ask("restricted", "hi")));
        assertEquals(List.of("demo", "demo-large", "slow-demo"),
            sdk.models().list().data().stream().map(m -> m.id()).sorted().toList());
      } finally {
        sdk.close();
      }
    }
  }
}
