package dev.switchboard.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
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
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.OpenAIException;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionContentPart;
import com.openai.models.chat.completions.ChatCompletionContentPartImage;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessage;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import dev.switchboard.provider.bedrock.EventStreamFixtures;
import dev.switchboard.provider.bedrock.SigV4Check;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official OpenAI Java SDK against the gateway, with a WireMock fake of the Bedrock runtime behind it that
 * answers only SigV4-signed requests (service {@code bedrock}, the configured key and region), with answers shaped
 * after Bedrock's documentation; streams are binary event-stream frames. After every test each request Bedrock
 * received is verified as AWS would: the signature is recomputed from the method, path, host, headers and body
 * bytes as they arrived.
 */
class BedrockE2ETest {
  static final String KEY_ID = "AKIAIOSFODNN7EXAMPLE";
  static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  static final String SESSION_KEY_ID = "ASIAIOSFODNN7EXAMPLE";
  static final String SESSION_TOKEN = "IQoJb3JpZ2luX2VjEXAMPLETOKEN";
  static final String CLAUDE = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
  static final String CONVERSE = "/model/us.anthropic.claude-sonnet-4-5-20250929-v1%3A0/converse";
  static final String CONVERSE_STREAM = CONVERSE + "-stream";
  static final String AUTHORIZATION = "AWS4-HMAC-SHA256 Credential=%s/\\d{8}/us-east-1/bedrock/aws4_request, "
      + "SignedHeaders=[a-z0-9;-]+, Signature=[0-9a-f]{64}";

  @TempDir
  static Path dir;
  static WireMockServer bedrock;
  static GatewayFixture gw;
  static OpenAIClient client;

  @BeforeAll
  static void start() {
    bedrock = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    bedrock.start();
    String base = "http://127.0.0.1:" + bedrock.port();
    gw = GatewayFixture.start(dir, """
        providers:
          aws: { type: bedrock, base_url: "%s", region: us-east-1, access_key_id: "%s", secret_access_key: "%s" }
          aws-temp: { type: bedrock, base_url: "%s", region: us-east-1, access_key_id: "%s", secret_access_key: "%s",
                      session_token: "%s" }
        models:
          claude: { deployments: [ { provider: aws, model: "%s" } ] }
          claude-temp: { deployments: [ { provider: aws-temp, model: "%s" } ] }
          titan: { deployments: [ { provider: aws, model: "amazon.titan-embed-text-v2:0" } ] }
          cohere-embed: { deployments: [ { provider: aws, model: cohere.embed-english-v3 } ] }
        routing: { max_attempts: 1, attempt_timeout_ms: 30000 }
        tenants:
          test:
            keys: [ { id: t1, key: "%s" } ]
            models: [ "*" ]
        """.formatted(base, KEY_ID, SECRET, base, SESSION_KEY_ID, SECRET, SESSION_TOKEN, CLAUDE, CLAUDE, TENANT_KEY));
    client = gw.sdkClient(TENANT_KEY);
  }

  @AfterAll
  static void stop() throws Exception {
    GatewayFixture.closeAll(client, gw, bedrock);
  }

  @BeforeEach
  void reset() {
    bedrock.resetAll();
    bedrock.stubFor(post(anyUrl()).atPriority(10).willReturn(awsError(403, "UnrecognizedClientException",
        "The security token included in the request is invalid.")));
  }

  /** Every request Bedrock received carried a valid signature over what arrived, and no secret was ever shown. */
  @AfterEach
  void everyRequestWasSignedCorrectly() {
    for (LoggedRequest r : bedrock.findAll(anyRequestedFor(anyUrl()))) {
      Map<String, String> headers = new HashMap<>();
      for (HttpHeader h : r.getHeaders().all()) {
        headers.put(h.key().toLowerCase(Locale.ROOT), h.firstValue());
      }
      URI uri = URI.create(r.getUrl());
      assertTrue(SigV4Check.verifies(r.getMethod().getName(), uri.getRawPath(), uri.getRawQuery(), headers,
          r.getBody(), headers.get("authorization"), SECRET), "the signature verifies: " + r);
      assertTrue(headers.get("x-amz-date").matches("\\d{8}T\\d{6}Z"), headers.get("x-amz-date"));
    }
    gw.seen().forEach(s -> assertFalse(s.contains(SECRET) || s.contains(SESSION_TOKEN), "a secret leaked: " + s));
  }

  static MappingBuilder signed(String path) {
    return post(urlEqualTo(path)).atPriority(1)
        .withHeader("Authorization", matching(AUTHORIZATION.formatted(KEY_ID)))
        .withHeader("X-Amz-Date", matching("\\d{8}T\\d{6}Z"))
        .withHeader("Content-Type", equalTo("application/json"));
  }

  static ResponseDefinitionBuilder json(String fixture) {
    return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
        .withHeader("x-amzn-RequestId", "7c5e2a1f-0b7e-4a39-9d5e-1f2a3b4c5d6e").withBody(fixture(fixture));
  }

  static ResponseDefinitionBuilder eventStream(String fixture) {
    return aResponse().withStatus(200).withHeader("Content-Type", "application/vnd.amazon.eventstream")
        .withBody(EventStreamFixtures.resource(fixture));
  }

  static ResponseDefinitionBuilder awsError(int status, String type, String message) {
    return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
        .withHeader("x-amzn-ErrorType", type + ":http://internal.amazon.com/coral/com.amazon.bedrock/")
        .withBody("{\"message\":\"" + message + "\"}");
  }

  static String fixture(String name) {
    return GatewayFixture.providerFixture("bedrock", name);
  }

  /**
   * The requests to {@code path} once at least {@code count} are in WireMock's journal (it records a request after
   * answering it, so the journal may trail the gateway's reply by a moment); waits at most five seconds. Tests pick
   * their request by content, since a late record of an earlier test's request may show up too.
   */
  static List<LoggedRequest> received(String path, int count) {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    List<LoggedRequest> found = bedrock.findAll(postRequestedFor(urlEqualTo(path)));
    while (found.size() < count && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      found = bedrock.findAll(postRequestedFor(urlEqualTo(path)));
    }
    assertTrue(found.size() >= count, "requests to " + path + ": " + found.size());
    return found;
  }

  static List<JsonNode> bodies(String path, int count) {
    return received(path, count).stream().map(r -> GatewayFixture.parse(r.getBodyAsString())).toList();
  }

  static ChatCompletionCreateParams ask(String model, String text) {
    return ChatCompletionCreateParams.builder().model(model).addSystemMessage("Be brief.").addUserMessage(text).build();
  }

  @Test
  void plainCompletion() {
    bedrock.stubFor(signed(CONVERSE).withHeader("Accept", equalTo("application/json")).willReturn(json("response-text.json")));

    ChatCompletion completion = client.chat().completions().create(ask("claude", "Hello!").toBuilder()
        .maxCompletionTokens(100).temperature(0.2).build());

    assertEquals("claude", completion.model());
    assertEquals("chatcmpl-7c5e2a1f-0b7e-4a39-9d5e-1f2a3b4c5d6e", completion.id());
    assertEquals("Hello! I'm doing well. How can I help you today?", completion.choices().get(0).message().content().orElse(""));
    assertEquals(ChatCompletion.Choice.FinishReason.STOP, completion.choices().get(0).finishReason());
    assertEquals(21, completion.usage().orElseThrow().promptTokens());
    assertEquals(16, completion.usage().orElseThrow().completionTokens());
    JsonNode sent = bodies(CONVERSE, 1).stream().filter(b -> b.path("inferenceConfig").path("maxTokens").asInt() == 100)
        .findFirst().orElseThrow();
    assertEquals("Be brief.", sent.path("system").get(0).path("text").asText());
    assertEquals("user", sent.path("messages").get(0).path("role").asText());
    assertEquals("Hello!", sent.path("messages").get(0).path("content").get(0).path("text").asText());
    assertEquals(100, sent.path("inferenceConfig").path("maxTokens").asInt());
    assertEquals(0.2, sent.path("inferenceConfig").path("temperature").asDouble(), 1e-9);
  }

  @Test
  void cacheCountsFollowTheGatewayUsageConvention() {
    bedrock.stubFor(signed(CONVERSE).willReturn(json("response-cached-reasoning.json")));

    GatewayFixture.Reply reply = gw.postChat(TENANT_KEY, GatewayFixture.chat("claude", "Capital of France, one word?"));

    assertEquals(200, reply.status(), reply.body());
    JsonNode usage = reply.json().path("usage");
    assertEquals(12 + 1800 + 300, usage.path("prompt_tokens").asInt());
    assertEquals(1800, usage.path("prompt_tokens_details").path("cached_tokens").asInt());
    assertEquals(300, usage.path("cache_creation_input_tokens").asInt());
    assertEquals(30, usage.path("completion_tokens").asInt());
    JsonNode message = reply.json().path("choices").get(0).path("message");
    assertEquals("Paris.", message.path("content").asText());
    assertEquals("The user wants a one-word answer.", message.path("reasoning_content").asText());
  }

  @Test
  void streamedCompletionWithUsage() {
    bedrock.stubFor(signed(CONVERSE_STREAM).withHeader("Accept", equalTo("application/vnd.amazon.eventstream"))
        .willReturn(eventStream("stream-text")));
    ChatCompletionCreateParams params = ask("claude", "What is Bedrock?").toBuilder()
        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();

    List<String> pieces = new ArrayList<>();
    List<ChatCompletionChunk> chunks = new ArrayList<>();
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
      stream.stream().forEach(chunk -> {
        chunks.add(chunk);
        chunk.choices().forEach(c -> c.delta().content().filter(s -> !s.isEmpty()).ifPresent(pieces::add));
      });
    }

    assertEquals(List.of("Amazon Bedrock is", " a fully managed service."), pieces);
    assertTrue(chunks.stream().anyMatch(c -> c.choices().stream().anyMatch(ch -> ch.finishReason()
        .filter(ChatCompletionChunk.Choice.FinishReason.STOP::equals).isPresent())), "a stop finish reason arrives");
    ChatCompletionChunk last = chunks.get(chunks.size() - 1);
    assertEquals(25, last.usage().orElseThrow().promptTokens());
    assertEquals(9, last.usage().orElseThrow().completionTokens());
  }

  @Test
  void midStreamExceptionEndsTheClientStreamWithAnError() {
    bedrock.stubFor(signed(CONVERSE_STREAM).willReturn(eventStream("stream-error")));
    StringBuilder text = new StringBuilder();

    OpenAIException error = assertThrows(OpenAIException.class, () -> {
      try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(ask("claude", "A story"))) {
        stream.stream().forEach(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(text::append)));
      }
    });

    assertEquals("Once upon a time", text.toString(), "the content before the failure still arrived");
    assertTrue(String.valueOf(error.getMessage()).contains("ModelStreamErrorException"), error.getMessage());
  }

  @Test
  void aBodyEndingInsideAFrameEndsTheClientStreamWithAnError() {
    byte[] whole = EventStreamFixtures.resource("stream-text");
    bedrock.stubFor(signed(CONVERSE_STREAM).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/vnd.amazon.eventstream")
        .withBody(Arrays.copyOf(whole, whole.length - 10))));
    StringBuilder text = new StringBuilder();

    OpenAIException error = assertThrows(OpenAIException.class, () -> {
      try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(ask("claude", "Hi"))) {
        stream.stream().forEach(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(text::append)));
      }
    });

    assertEquals("Amazon Bedrock is a fully managed service.", text.toString());
    assertTrue(String.valueOf(error.getMessage()).contains("ended inside an event-stream message"), error.getMessage());
  }

  @Test
  void toolCallRoundTrip() {
    bedrock.stubFor(signed(CONVERSE).atPriority(2).willReturn(json("response-tool-call.json")));
    bedrock.stubFor(signed(CONVERSE).withRequestBody(matchingJsonPath("$.messages[2].content[0].toolResult"))
        .willReturn(json("response-text.json").withBody(fixture("response-text.json")
            .replace("Hello! I'm doing well. How can I help you today?", "It is 18C and sunny in Paris."))));
    FunctionParameters schema = FunctionParameters.builder()
        .putAdditionalProperty("type", JsonValue.from("object"))
        .putAdditionalProperty("properties", JsonValue.from(Map.of("location", Map.of("type", "string"))))
        .putAdditionalProperty("required", JsonValue.from(List.of("location")))
        .build();
    ChatCompletionFunctionTool tool = ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder()
        .name("get_weather").description("Current weather for a city").parameters(schema).build()).build();
    ChatCompletionCreateParams first = ChatCompletionCreateParams.builder().model("claude")
        .addUserMessage("What is the weather in Paris?").addTool(tool).build();

    ChatCompletion call = client.chat().completions().create(first);

    ChatCompletion.Choice choice = call.choices().get(0);
    assertEquals(ChatCompletion.Choice.FinishReason.TOOL_CALLS, choice.finishReason());
    ChatCompletionMessage assistant = choice.message();
    ChatCompletionMessageFunctionToolCall toolCall = assistant.toolCalls().orElseThrow().get(0).asFunction();
    assertEquals("tooluse_kZJMlvQmRJ6eAyJE5GIl7Q", toolCall.id());
    assertEquals("Paris", GatewayFixture.parse(toolCall.function().arguments()).path("location").asText());

    ChatCompletion answer = client.chat().completions().create(first.toBuilder().addMessage(assistant)
        .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(toolCall.id())
            .content("{\"temperature\":\"18C\",\"sky\":\"sunny\"}").build())
        .build());

    assertEquals("It is 18C and sunny in Paris.", answer.choices().get(0).message().content().orElse(""));
    JsonNode second = bodies(CONVERSE, 2).stream().filter(b -> b.toString().contains("toolResult"))
        .findFirst().orElseThrow();
    JsonNode spec = second.path("toolConfig").path("tools").get(0).path("toolSpec");
    assertEquals("get_weather", spec.path("name").asText());
    assertEquals("object", spec.path("inputSchema").path("json").path("type").asText());
    assertTrue(second.path("toolConfig").path("toolChoice").has("auto"));
    JsonNode messages = second.path("messages");
    JsonNode use = messages.get(1).path("content").get(1).path("toolUse");
    assertEquals("assistant", messages.get(1).path("role").asText());
    assertEquals("tooluse_kZJMlvQmRJ6eAyJE5GIl7Q", use.path("toolUseId").asText());
    assertEquals("Paris", use.path("input").path("location").asText());
    JsonNode result = messages.get(2).path("content").get(0).path("toolResult");
    assertEquals("user", messages.get(2).path("role").asText());
    assertEquals("tooluse_kZJMlvQmRJ6eAyJE5GIl7Q", result.path("toolUseId").asText());
    assertEquals("{\"temperature\":\"18C\",\"sky\":\"sunny\"}", result.path("content").get(0).path("text").asText());
  }

  @Test
  void jsonSchemaAnswersAsTextThroughAForcedTool() {
    bedrock.stubFor(signed(CONVERSE).withRequestBody(matchingJsonPath("$.toolConfig.toolChoice.tool.name", equalTo("weather")))
        .willReturn(json("response-json-mode.json")));
    String body = GatewayFixture.MAPPER.createObjectNode().put("model", "claude")
        .set("messages", GatewayFixture.MAPPER.createArrayNode().add(GatewayFixture.MAPPER.createObjectNode()
            .put("role", "user").put("content", "Weather in Paris as JSON"))).toString();
    String withFormat = body.substring(0, body.length() - 1) + ",\"response_format\":{\"type\":\"json_schema\","
        + "\"json_schema\":{\"name\":\"weather\",\"schema\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"},"
        + "\"celsius\":{\"type\":\"number\"}}}}}}";

    GatewayFixture.Reply reply = gw.postChat(TENANT_KEY, withFormat);

    assertEquals(200, reply.status(), reply.body());
    JsonNode choice = reply.json().path("choices").get(0);
    assertEquals("stop", choice.path("finish_reason").asText());
    assertEquals("Paris", GatewayFixture.parse(choice.path("message").path("content").asText()).path("city").asText());
    assertTrue(choice.path("message").path("tool_calls").isMissingNode(), reply.body());
  }

  @Test
  void temporaryCredentialsSendTheSessionToken() {
    bedrock.stubFor(post(urlEqualTo(CONVERSE)).atPriority(1)
        .withHeader("Authorization", matching(AUTHORIZATION.formatted(SESSION_KEY_ID)))
        .withHeader("X-Amz-Security-Token", equalTo(SESSION_TOKEN))
        .willReturn(json("response-text.json")));

    ChatCompletion completion = client.chat().completions().create(ask("claude-temp", "Hello!"));

    assertEquals("Hello! I'm doing well. How can I help you today?", completion.choices().get(0).message().content().orElse(""));
    String signedHeaders = SigV4Check.parse(received(CONVERSE, 1).stream()
        .filter(r -> SESSION_TOKEN.equals(r.getHeader("X-Amz-Security-Token"))).findFirst().orElseThrow()
        .getHeader("Authorization")).signedHeaders();
    assertTrue(signedHeaders.contains("x-amz-security-token"), signedHeaders);
  }

  @Test
  void anExpiredSignatureIsReportedAsClockSkew() {
    bedrock.stubFor(signed(CONVERSE).willReturn(awsError(403, "InvalidSignatureException",
        "Signature expired: 20261204T170000Z is now earlier than 20261204T171000Z (20261204T171500Z - 5 min.)")));

    GatewayFixture.Reply reply = gw.postChat(TENANT_KEY, GatewayFixture.chat("claude", "Hello!"));

    assertEquals(502, reply.status(), reply.body());
    String message = reply.json().path("error").path("message").asText();
    assertTrue(message.contains("auth_rejected"), message);
    assertTrue(message.contains("Signature expired") && message.contains("clock skew"), message);
  }

  @Test
  void imageLinksAreRefusedWithTheFieldNamedAndNoUpstreamCall() {
    ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("claude")
        .addUserMessageOfArrayOfContentParts(List.of(ChatCompletionContentPart.ofImageUrl(
            ChatCompletionContentPartImage.builder().imageUrl(ChatCompletionContentPartImage.ImageUrl.builder()
                .url("https://example.com/cat.png").build()).build())))
        .build();

    BadRequestException error = assertThrows(BadRequestException.class, () -> client.chat().completions().create(params));

    assertEquals("messages[0].content[0].image_url.url", error.param().orElse(null));
    bedrock.verify(0, postRequestedFor(anyUrl()));
  }

  @Test
  void titanEmbeddingsOneInputPerCall() {
    bedrock.stubFor(signed("/model/amazon.titan-embed-text-v2%3A0/invoke")
        .withRequestBody(matchingJsonPath("$.inputText", equalTo("hello world")))
        .withRequestBody(matchingJsonPath("$.normalize", equalTo("true")))
        .willReturn(json("embed-titan.json")));

    CreateEmbeddingResponse response = client.embeddings().create(EmbeddingCreateParams.builder().model("titan")
        .input("hello world").build());

    assertEquals(1, response.data().size());
    assertEquals(0.0125f, response.data().get(0).embedding().get(0), 1e-7f);
    assertEquals(7, response.usage().promptTokens());

    BadRequestException batch = assertThrows(BadRequestException.class, () -> client.embeddings().create(
        EmbeddingCreateParams.builder().model("titan").inputOfArrayOfStrings(List.of("a", "b")).build()));
    assertEquals("input", batch.param().orElse(null));
    received("/model/amazon.titan-embed-text-v2%3A0/invoke", 1);
  }

  @Test
  void cohereEmbeddingsInOneBatch() {
    bedrock.stubFor(signed("/model/cohere.embed-english-v3/invoke")
        .withRequestBody(matchingJsonPath("$.texts[1]", equalTo("bonjour le monde")))
        .withRequestBody(matchingJsonPath("$.input_type", equalTo("search_document")))
        .willReturn(json("embed-cohere.json").withHeader("X-Amzn-Bedrock-Input-Token-Count", "6")));

    CreateEmbeddingResponse response = client.embeddings().create(EmbeddingCreateParams.builder().model("cohere-embed")
        .inputOfArrayOfStrings(List.of("hello world", "bonjour le monde")).build());

    assertEquals(2, response.data().size());
    assertEquals(0.0174f, response.data().get(1).embedding().get(0), 1e-7f);
    assertEquals(6, response.usage().promptTokens());
  }
}
