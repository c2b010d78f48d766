package dev.switchboard.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
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
import dev.switchboard.provider.vertex.ServiceAccountKeys;
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
 * The official OpenAI Java SDK against the gateway, with a {@code type: vertex} provider in front of two WireMock
 * fakes: Google's OAuth2 token endpoint (the service-account key's {@code token_uri}) and Vertex AI, which answers
 * only calls carrying the token it issued. Gemini and Claude, plain and streamed, a tool-call round trip, embeddings.
 */
class VertexE2ETest {
  static final String ACCESS_TOKEN = "ya29.c.e2e-vertex-access-token-0001";
  static final String PREFIX = "/v1/projects/my-project/locations/us-east5/publishers/";
  static final String FLASH = PREFIX + "google/models/gemini-2.5-flash:generateContent";
  static final String FLASH_STREAM = PREFIX + "google/models/gemini-2.5-flash:streamGenerateContent?alt=sse";
  static final String SONNET = PREFIX + "anthropic/models/claude-sonnet-4-5@20250929:rawPredict";
  static final String SONNET_STREAM = PREFIX + "anthropic/models/claude-sonnet-4-5@20250929:streamRawPredict";
  static final String EMBED = PREFIX + "google/models/text-embedding-005:predict";
  static final String ADMIN_KEY = "adm-vertex-e2e-key-0001";

  @TempDir
  static Path dir;
  static WireMockServer vertex;
  static WireMockServer oauth;
  static GatewayFixture gw;
  static OpenAIClient client;

  @BeforeAll
  static void start() {
    oauth = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    oauth.start();
    oauth.stubFor(post(urlEqualTo("/token")).withRequestBody(containing("grant-type%3Ajwt-bearer"))
        .withRequestBody(containing("assertion=")).willReturn(aResponse().withStatus(200)
            .withHeader("Content-Type", "application/json; charset=utf-8")
            .withBody("{\"access_token\":\"" + ACCESS_TOKEN + "\",\"expires_in\":3599,\"token_type\":\"Bearer\"}")));
    oauth.stubFor(post(urlEqualTo("/token-refused")).willReturn(aResponse().withStatus(400)
        .withHeader("Content-Type", "application/json; charset=utf-8")
        .withBody("{\"error\":\"invalid_grant\",\"error_description\":\"Invalid JWT Signature.\"}")));
    vertex = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    vertex.start();
    String tokenRoot = "http://127.0.0.1:" + oauth.port();
    Path key = ServiceAccountKeys.write(dir, "key.json", tokenRoot + "/token");
    Path revoked = ServiceAccountKeys.write(dir, "revoked.json", tokenRoot + "/token-refused");
    gw = GatewayFixture.start(dir, """
        providers:
          gcp: { type: vertex, base_url: "http://127.0.0.1:%1$d", project: my-project, location: us-east5, credentials_file: "%2$s" }
          revoked: { type: vertex, base_url: "http://127.0.0.1:%1$d", project: my-project, location: us-east5, credentials_file: "%3$s" }
        models:
          flash: { deployments: [ { provider: gcp, model: gemini-2.5-flash, health_check: false } ] }
          sonnet: { deployments: [ { provider: gcp, model: "claude-sonnet-4-5@20250929", health_check: false } ] }
          embed: { deployments: [ { provider: gcp, model: text-embedding-005, health_check: false } ] }
          revoked-flash: { deployments: [ { provider: revoked, model: gemini-2.5-flash } ] }
        admin: { key: "%5$s" }
        routing:
          max_attempts: 2
          attempt_timeout_ms: 30000
          health: { active: { interval_ms: 200, timeout_ms: 1000, unhealthy_threshold: 1, healthy_threshold: 1 } }
        tenants:
          test:
            keys: [ { id: t1, key: "%4$s" } ]
            models: [ "*" ]
        """.formatted(vertex.port(), key.toAbsolutePath(), revoked.toAbsolutePath(), TENANT_KEY, ADMIN_KEY));
    client = gw.sdkClient(TENANT_KEY);
  }

  @AfterAll
  static void stop() throws Exception {
    GatewayFixture.closeAll(client, gw, vertex, oauth);
  }

  @BeforeEach
  void reset() {
    vertex.resetAll();
  }

  /** A Vertex AI call as Google expects it: the issued access token as a bearer, no API-key headers. */
  static MappingBuilder vertexCall(String path) {
    return post(urlEqualTo(path)).withHeader("Authorization", equalTo("Bearer " + ACCESS_TOKEN))
        .withHeader("x-goog-api-key", absent()).withHeader("x-api-key", absent());
  }

  static ResponseDefinitionBuilder json(String fixture) {
    return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(fixture(fixture));
  }

  static ResponseDefinitionBuilder sse(String fixture) {
    return aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream").withBody(fixture(fixture));
  }

  /** A fixture by {@code <provider>/<name>}: Vertex serves the gemini and anthropic bodies. */
  static String fixture(String path) {
    int slash = path.indexOf('/');
    return GatewayFixture.providerFixture(path.substring(0, slash), path.substring(slash + 1));
  }

  static JsonNode sent(String path, int index) {
    return GatewayFixture.parse(vertex.findAll(postRequestedFor(urlEqualTo(path))).get(index).getBodyAsString());
  }

  static List<String> streamText(ChatCompletionCreateParams params, List<ChatCompletionChunk> chunks) {
    List<String> pieces = new ArrayList<>();
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
      stream.stream().forEach(chunk -> {
        chunks.add(chunk);
        chunk.choices().forEach(c -> c.delta().content().filter(s -> !s.isEmpty()).ifPresent(pieces::add));
      });
    }
    return pieces;
  }

  static ChatCompletionCreateParams withUsage(String model, String text) {
    return ChatCompletionCreateParams.builder().model(model).addUserMessage(text)
        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
  }

  @Test
  void oneTokenFetchServesEveryCall() {
    vertex.stubFor(vertexCall(FLASH).willReturn(json("gemini/response-text.json")));
    client.chat().completions().create(ChatCompletionCreateParams.builder().model("flash").addUserMessage("a").build());
    client.chat().completions().create(ChatCompletionCreateParams.builder().model("flash").addUserMessage("b").build());

    vertex.verify(2, postRequestedFor(urlEqualTo(FLASH)));
    List<LoggedRequest> grants = oauth.findAll(postRequestedFor(urlEqualTo("/token")));
    assertEquals(1, grants.size(), "the token is fetched once at start and cached");
    assertTrue(grants.get(0).getBodyAsString().contains("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer"));
  }

  @Test
  void geminiPlainCompletion() {
    vertex.stubFor(vertexCall(FLASH).willReturn(json("gemini/response-text.json")));

    ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
        .model("flash").addSystemMessage("Answer in one sentence.").addUserMessage("How does AI work?")
        .maxCompletionTokens(300).build());

    assertEquals("flash", completion.model());
    assertEquals("AI learns patterns from data to make predictions or decisions without being explicitly programmed.",
        completion.choices().get(0).message().content().orElseThrow());
    CompletionUsage usage = completion.usage().orElseThrow();
    assertEquals(8, usage.promptTokens());
    assertEquals(17 + 225, usage.completionTokens());
    JsonNode body = sent(FLASH, 0);
    assertEquals("Answer in one sentence.", body.path("systemInstruction").path("parts").get(0).path("text").asText());
    assertEquals(300, body.path("generationConfig").path("maxOutputTokens").asInt());
  }

  @Test
  void geminiStreamedCompletionWithUsage() {
    vertex.stubFor(vertexCall(FLASH_STREAM).willReturn(sse("gemini/stream-text.sse")));
    List<ChatCompletionChunk> chunks = new ArrayList<>();

    assertEquals("The quick brown fox jumps over the lazy dog.",
        String.join("", streamText(withUsage("flash", "Tell me about the fox"), chunks)));
    CompletionUsage usage = chunks.get(chunks.size() - 1).usage().orElseThrow();
    assertEquals(10, usage.promptTokens());
    assertEquals(30, usage.completionTokens());
    vertex.verify(1, postRequestedFor(urlEqualTo(FLASH_STREAM)).withHeader("accept", equalTo("text/event-stream")));
  }

  @Test
  void claudePlainCompletionOverRawPredict() {
    vertex.stubFor(vertexCall(SONNET).withRequestBody(matchingJsonPath("$.model", absent()))
        .withRequestBody(matchingJsonPath("$.anthropic_version", equalTo("vertex-2023-10-16")))
        .withHeader("anthropic-version", absent())
        .willReturn(json("anthropic/response-text.json")));

    ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
        .model("sonnet").addSystemMessage("Be brief.").addUserMessage("What is your name?").build());

    assertEquals("sonnet", completion.model());
    assertEquals("Hi! My name is Claude.", completion.choices().get(0).message().content().orElseThrow());
    assertEquals(2095, completion.usage().orElseThrow().promptTokens());
    JsonNode body = sent(SONNET, 0);
    assertEquals("Be brief.", body.path("system").asText());
    assertEquals(64000, body.path("max_tokens").asInt(), "the catalog's max_output_tokens for the model");
  }

  @Test
  void claudeStreamedCompletionOverStreamRawPredict() {
    vertex.stubFor(vertexCall(SONNET_STREAM).withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
        .withRequestBody(matchingJsonPath("$.model", absent()))
        .willReturn(sse("anthropic/stream-text.sse")));
    List<ChatCompletionChunk> chunks = new ArrayList<>();

    assertEquals(List.of("Hello", "! How can I", " help you today?"), streamText(withUsage("sonnet", "Hello"), chunks));
    CompletionUsage usage = chunks.get(chunks.size() - 1).usage().orElseThrow();
    assertEquals(25, usage.promptTokens());
    assertEquals(15, usage.completionTokens());
    assertTrue(chunks.stream().allMatch(c -> c.model().equals("sonnet")));
  }

  @Test
  void toolCallRoundTrip() {
    vertex.stubFor(vertexCall(FLASH).atPriority(5).willReturn(json("gemini/response-tool-call.json")));
    vertex.stubFor(vertexCall(FLASH).atPriority(1)
        .withRequestBody(matchingJsonPath("$.contents[2].parts[0].functionResponse.name", equalTo("set_light_values")))
        .willReturn(json("gemini/response-after-tool.json")));
    FunctionParameters schema = FunctionParameters.builder()
        .putAdditionalProperty("type", JsonValue.from("object"))
        .putAdditionalProperty("properties", JsonValue.from(Map.of(
            "brightness", Map.of("type", "integer"),
            "color_temp", Map.of("type", "string", "enum", List.of("daylight", "cool", "warm")))))
        .putAdditionalProperty("required", JsonValue.from(List.of("brightness", "color_temp")))
        .build();
    ChatCompletionFunctionTool tool = ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder()
        .name("set_light_values").description("Sets the brightness and color temperature of a light.")
        .parameters(schema).build()).build();
    ChatCompletionCreateParams first = ChatCompletionCreateParams.builder().model("flash")
        .addUserMessage("Turn the lights down to a romantic level").addTool(tool).build();

    ChatCompletion call = client.chat().completions().create(first);
    ChatCompletion.Choice choice = call.choices().get(0);
    assertEquals(ChatCompletion.Choice.FinishReason.TOOL_CALLS, choice.finishReason());
    ChatCompletionMessageFunctionToolCall toolCall = choice.message().toolCalls().orElseThrow().get(0).asFunction();
    assertEquals("set_light_values", toolCall.function().name());

    ChatCompletion answer = client.chat().completions().create(first.toBuilder().addMessage(choice.message())
        .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(toolCall.id())
            .content("{\"brightness\":25,\"colorTemperature\":\"warm\"}").build()).build());

    assertEquals("OK! I've dimmed the lights to 25% and set a warm color temperature.",
        answer.choices().get(0).message().content().orElseThrow());
    assertEquals("set_light_values",
        sent(FLASH, 0).path("tools").get(0).path("functionDeclarations").get(0).path("name").asText());
    assertEquals("warm", sent(FLASH, 1).path("contents").get(2).path("parts").get(0).path("functionResponse")
        .path("response").path("colorTemperature").asText());
  }

  @Test
  void embeddingsOverPredict() {
    vertex.stubFor(vertexCall(EMBED).willReturn(json("vertex/predict-embeddings.json")));

    CreateEmbeddingResponse response = client.embeddings().create(EmbeddingCreateParams.builder().model("embed")
        .inputOfArrayOfStrings(List.of("What is the meaning of life?", "Why?")).dimensions(3).build());

    assertEquals(List.of(0L, 1L), response.data().stream().map(e -> e.index()).toList());
    assertEquals(List.of(0.0123291016f, -0.0480957031f, 0.0262451172f), response.data().get(0).embedding());
    assertEquals(10, response.usage().promptTokens());
    JsonNode body = sent(EMBED, 0);
    assertEquals("Why?", body.path("instances").get(1).path("content").asText());
    assertEquals(3, body.path("parameters").path("outputDimensionality").asInt());
  }

  @Test
  void aRefusedServiceAccountFailsAsAuthRejectedWithoutCallingVertex() {
    GatewayFixture.Reply reply = gw.postChat(TENANT_KEY, GatewayFixture.chat("revoked-flash", "hi"));

    assertTrue(reply.status() >= 500, reply::toString);
    assertTrue(reply.body().contains("auth_rejected"), reply.body());
    assertTrue(reply.body().contains("Invalid JWT Signature"), reply.body());
    GatewayFixture.assertNoStackTrace(reply.body());
    assertFalse(reply.body().contains("PRIVATE KEY"), reply.body());

    GatewayFixture.Sse stream = gw.stream(TENANT_KEY, GatewayFixture.streamChat("revoked-flash", "hi", false));
    assertTrue(stream.status() >= 500, stream::toString);
    assertTrue(String.join("\n", stream.lines()).contains("auth_rejected"), stream::toString);
    vertex.verify(0, postRequestedFor(anyUrl()));
  }

  @Test
  void activeHealthChecksShowTheTokenProblem() throws InterruptedException {
    JsonNode upstream = null;
    for (int i = 0; i < 50; i++) {
      GatewayFixture.Reply reply = gw.get("/admin/upstreams", ADMIN_KEY);
      assertEquals(200, reply.status(), reply.body());
      for (JsonNode u : reply.json().path("upstreams")) {
        if (u.path("deployment").asText().equals("revoked/gemini-2.5-flash")) {
          upstream = u;
        }
      }
      if (upstream != null && upstream.path("reason").asText().equals("auth_rejected")) {
        break;
      }
      Thread.sleep(100);
    }
    assertTrue(upstream != null, "the revoked deployment is listed");
    assertEquals("auth_rejected", upstream.path("reason").asText(), upstream.toString());
    assertTrue(upstream.path("last_error").asText().contains("Invalid JWT Signature"), upstream.toString());
  }
}
