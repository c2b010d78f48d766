package dev.switchboard.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static dev.switchboard.e2e.GatewayFixture.TENANT_KEY;
import static dev.switchboard.e2e.GatewayFixture.assertOpenAiError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Prompts published as REST APIs, end to end over HTTP: files and admin publishes, versions, rollback, output schemas. */
class PromptsE2ETest {
  static final String ADMIN_KEY = "adm-prompts-key-0001";
  static final String OTHER_KEY = "sk-test-other-tenant-0002";
  static final MediaType JSON = MediaType.get("application/json");
  static final String FILE_PROMPT = """
      name: greet
      version: 3
      description: Greets someone
      model: demo
      messages:
        - { role: user, content: "Greet {{who}} in {{lang}}" }
      input:
        type: object
        properties:
          who: { type: string, minLength: 1 }
          lang: { type: string, default: English }
        required: [ who ]
      tenants: [ test ]
      """;

  @TempDir
  Path dir;
  Path prompts;
  Upstream upstream;
  GatewayFixture gw;

  @BeforeEach
  void start() throws Exception {
    upstream = new Upstream();
    prompts = Files.createDirectories(dir.resolve("prompts"));
    Files.writeString(prompts.resolve("greet.yaml"), FILE_PROMPT);
    gw = GatewayFixture.start(dir, """
        admin: { key: "%s" }
        prompts: { dir: "%s", reload_interval_ms: 200 }
        providers:
          local: { type: mock }
          up: { type: openai, base_url: "%s", api_key: "%s" }
        models:
          demo: { deployments: [ { provider: local, model: mock-1 } ] }
          fake: { deployments: [ { provider: up, model: m, price: { input_per_mtok: 1, output_per_mtok: 2 } } ] }
        routing: { health: { active: { enabled: false } } }
        tenants:
          test: { keys: [ { id: t1, key: "%s" } ], models: [ demo ] }
          other: { keys: [ { id: o1, key: "%s" } ], models: [ "*" ] }
        """.formatted(ADMIN_KEY, prompts.toAbsolutePath(), upstream.baseUrl(), Upstream.SECRET, TENANT_KEY, OTHER_KEY));
  }

  @AfterEach
  void stop() {
    if (gw != null) {
      gw.close();
    }
    upstream.close();
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  GatewayFixture.Reply call(String key, String name, String body) {
    return gw.send(gw.request("/v1/prompts/" + name).header("Authorization", "Bearer " + key)
        .post(RequestBody.create(body, JSON)).build());
  }

  GatewayFixture.Reply admin(String method, String path, String body) {
    return gw.send(gw.request(path).header("Authorization", "Bearer " + ADMIN_KEY)
        .method(method, body == null ? null : RequestBody.create(body, JSON)).build());
  }

  static String summarize(String instruction) {
    return """
        {"description":"Summarize","model":"demo","tenants":["*"],
         "messages":[{"role":"user","content":"%s: {{text}}"}],
         "input":{"type":"object","properties":{"text":{"type":"string"}},"required":["text"]}}
        """.formatted(instruction);
  }

  @Test
  void aFilePromptAnswersWithItsVersionOutputAndUsage() {
    GatewayFixture.Reply reply = call(TENANT_KEY, "greet", "{\"who\":\"Ada\"}");
    assertEquals(200, reply.status(), reply.body());
    JsonNode body = reply.json();
    assertEquals("greet", body.path("prompt").asText());
    assertEquals(3, body.path("version").asInt());
    assertEquals("demo", body.path("model").asText());
    assertTrue(body.path("output").asText().contains("Greet Ada in English"), body.toString());
    assertTrue(body.path("usage").path("total_tokens").asInt() > 0, body.toString());
    assertTrue(body.path("id").asText().startsWith("prompt-"));
    assertTrue(gw.get("/metrics", null).body().contains("switchboard_prompt_calls_total{prompt=\"greet\",status=\"200\",version=\"3\"}"));
  }

  @Test
  void badCallsGetPreciseErrors() {
    GatewayFixture.Reply bad = call(TENANT_KEY, "greet", "{\"lang\":5,\"extra\":true}");
    JsonNode error = assertOpenAiError(bad, 400, "invalid_variables", bad.json().path("error").path("param").asText());
    List<String> fields = new ArrayList<>();
    bad.json().path("errors").forEach(e -> fields.add(e.path("field").asText()));
    assertEquals(List.of("extra", "lang", "who"), fields, bad.body());
    assertTrue(error.path("message").asText().contains("who: is required"), error.toString());
    assertOpenAiError(call(TENANT_KEY, "nope", "{}"), 404, "prompt_not_found", "name");
    assertOpenAiError(call(TENANT_KEY, "greet", "{\"who\":\"x\",\"version\":9}"), 404, "prompt_not_found", "version");
    assertOpenAiError(call(OTHER_KEY, "greet", "{\"who\":\"x\"}"), 403, "prompt_not_allowed", "name");
    assertOpenAiError(call("sk-unknown-key-000000", "greet", "{}"), 401, "invalid_api_key", null);
  }

  @Test
  void publishCallChangeRollbackEndToEnd() {
    assertEquals(201, admin("PUT", "/admin/prompts/summarize", summarize("Summarize briefly")).status());
    assertTrue(call(TENANT_KEY, "summarize", "{\"text\":\"cats\"}").json().path("output").asText().contains("Summarize briefly: cats"));

    GatewayFixture.Reply v2 = admin("PUT", "/admin/prompts/summarize", summarize("Summarize in French"));
    assertEquals(2, v2.json().path("version").asInt(), v2.body());
    GatewayFixture.Reply now = call(TENANT_KEY, "summarize", "{\"text\":\"cats\"}");
    assertEquals(2, now.json().path("version").asInt());
    assertTrue(now.json().path("output").asText().contains("Summarize in French: cats"), now.body());
    GatewayFixture.Reply pinned = call(TENANT_KEY, "summarize", "{\"text\":\"cats\",\"version\":1}");
    assertEquals(1, pinned.json().path("version").asInt());
    assertTrue(pinned.json().path("output").asText().contains("Summarize briefly"), pinned.body());

    GatewayFixture.Reply rolledBack = admin("POST", "/admin/prompts/summarize/rollback", "{\"version\":1}");
    assertEquals(200, rolledBack.status(), rolledBack.body());
    assertEquals(1, call(TENANT_KEY, "summarize", "{\"text\":\"cats\"}").json().path("version").asInt());
    JsonNode versions = admin("GET", "/admin/prompts/summarize/versions", null).json().path("versions");
    assertEquals(2, versions.size());
    assertTrue(versions.path(0).path("active").asBoolean() && !versions.path(1).path("active").asBoolean(), versions.toString());
    assertOpenAiError(admin("POST", "/admin/prompts/summarize/rollback", "{\"version\":7}"), 404, "prompt_not_found", "version");
    assertOpenAiError(admin("POST", "/admin/prompts/greet/rollback", "{\"version\":1}"), 409, "prompt_defined_in_file", "name");
  }

  @Test
  void anInvalidPublishIsRefusedNamingEachField() {
    GatewayFixture.Reply reply = admin("PUT", "/admin/prompts/broken",
        "{\"model\":\"nope\",\"messages\":[{\"role\":\"user\",\"content\":\"{{7*7}}\"}],\"tenants\":[]}");
    assertOpenAiError(reply, 400, "invalid_prompt", reply.json().path("error").path("param").asText());
    List<String> fields = new ArrayList<>();
    reply.json().path("errors").forEach(e -> fields.add(e.path("field").asText()));
    assertTrue(fields.containsAll(List.of("model", "messages[0].content", "tenants")), fields.toString());
    assertFalse(admin("GET", "/admin/prompts", null).body().contains("broken"), "nothing was published");
    assertOpenAiError(gw.send(gw.request("/admin/prompts/broken").header("Authorization", "Bearer " + TENANT_KEY)
        .put(RequestBody.create(summarize("x"), JSON)).build()), 401, "invalid_api_key", null);
  }

  @Test
  void anApiPublishWinsOverAFileOfTheSameName() {
    GatewayFixture.Reply published = admin("PUT", "/admin/prompts/greet", summarize("From the API"));
    assertEquals(1, published.json().path("version").asInt());
    GatewayFixture.Reply reply = call(TENANT_KEY, "greet", "{\"text\":\"hi\"}");
    assertTrue(reply.json().path("output").asText().contains("From the API: hi"), reply.body());
    JsonNode listed = admin("GET", "/admin/prompts", null).json().path("data");
    JsonNode greet = null;
    for (JsonNode p : listed) {
      if (p.path("name").asText().equals("greet")) {
        greet = p;
      }
    }
    assertEquals("api", greet.path("source").asText());
    assertEquals("file:greet.yaml", greet.path("shadowed_file").asText());
  }

  @Test
  void aChangedFileIsServedWithoutARestart() throws Exception {
    Path file = prompts.resolve("greet.yaml");
    Files.writeString(file, FILE_PROMPT.replace("version: 3", "version: 4").replace("Greet {{who}}", "Welcome {{who}}"));
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
    int version = 3;
    for (int i = 0; i < 50 && version != 4; i++) {
      Thread.sleep(100);
      version = call(TENANT_KEY, "greet", "{\"who\":\"Bo\"}").json().path("version").asInt();
    }
    assertEquals(4, version, "reloaded within a few 200 ms intervals");
    assertTrue(call(TENANT_KEY, "greet", "{\"who\":\"Bo\"}").json().path("output").asText().contains("Welcome Bo"));
  }

  static String jsonPrompt() {
    return """
        {"model":"fake","tenants":["*"],"messages":[{"role":"user","content":"Tag: {{text}}"}],
         "input":{"type":"object","properties":{"text":{"type":"string"}}},
         "output":{"type":"object","properties":{"tags":{"type":"array","items":{"type":"string"},"minItems":1}},
                   "required":["tags"]}}
        """;
  }

  static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder reply(String content) {
    String body = "{\"id\":\"c1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
        + "\"message\":{\"role\":\"assistant\",\"content\":" + GatewayFixture.MAPPER.getNodeFactory().textNode(content)
        + "},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":5,\"total_tokens\":15}}";
    return okJson(body);
  }

  @Test
  void anOutputSchemaValidatesTheReplyAndRetriesOnce() {
    assertEquals(201, admin("PUT", "/admin/prompts/tagger", jsonPrompt()).status());
    upstream.wm.stubFor(Upstream.chatFor("m").inScenario("s").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(reply("Sure! tags: cats")).willSetStateTo("second"));
    upstream.wm.stubFor(Upstream.chatFor("m").inScenario("s").whenScenarioStateIs("second")
        .willReturn(reply("```json\n{\"tags\":[\"cats\"]}\n```")));

    GatewayFixture.Reply ok = call(TENANT_KEY, "tagger", "{\"text\":\"cats\"}");

    assertEquals(200, ok.status(), ok.body());
    assertEquals("cats", ok.json().path("output").path("tags").path(0).asText());
    assertEquals(30, ok.json().path("usage").path("total_tokens").asInt(), "both calls are counted");
    assertEquals("0.00004", ok.json().path("cost_usd").asText(), "2 x (10 x $1 + 5 x $2) per million tokens");
    assertEquals("0.00004", ok.header("x-switchboard-cost-usd"));
    JsonNode rows = null;
    for (int i = 0; i < 50; i++) {
      rows = admin("GET", "/admin/reports/cost?from=2000-01-01&to=2100-01-01&group_by=prompt", null).json().path("rows");
      if (rows.size() > 0) {
        break;
      }
      sleep(100);
    }
    assertEquals("tagger@1", rows.path(0).path("prompt").asText(), rows.toString());
    assertEquals(2, rows.path(0).path("requests").asInt(), "one ledger event per upstream call");
    assertEquals(0, new java.math.BigDecimal("0.00004").compareTo(new java.math.BigDecimal(rows.path(0).path("cost_usd").asText())));
    List<JsonNode> sent = upstream.receivedBodies();
    assertEquals(2, sent.size());
    assertEquals("json_schema", sent.get(0).path("response_format").path("type").asText());
    assertTrue(sent.get(1).path("messages").toString().contains("does not satisfy the required JSON Schema"));
  }

  @Test
  void aReplyThatNeverSatisfiesTheSchemaIsA502ListingWhy() {
    assertEquals(201, admin("PUT", "/admin/prompts/tagger", jsonPrompt()).status());
    upstream.wm.stubFor(Upstream.chatFor("m").willReturn(reply("{\"tags\":[]}")));

    GatewayFixture.Reply bad = call(TENANT_KEY, "tagger", "{\"text\":\"cats\"}");

    assertOpenAiError(bad, 502, "invalid_output", null);
    assertEquals("output.tags", bad.json().path("errors").path(0).path("field").asText(), bad.body());
    assertEquals(2, upstream.receivedBodies().size(), "one retry, no more");
  }

  @Test
  void aFirstValidReplyNeedsNoRetry() {
    assertEquals(201, admin("PUT", "/admin/prompts/tagger", jsonPrompt()).status());
    upstream.wm.stubFor(Upstream.chatFor("m").willReturn(reply("{\"tags\":[\"a\",\"b\"]}")));
    GatewayFixture.Reply ok = call(TENANT_KEY, "tagger", "{\"text\":\"x\"}");
    assertEquals(List.of("a", "b"), List.of(ok.json().path("output").path("tags").path(0).asText(),
        ok.json().path("output").path("tags").path(1).asText()));
    assertEquals(1, upstream.receivedBodies().size());
  }

  @Test
  void aStreamedCallSendsTextDeltasThenDone() {
    okhttp3.Request request = gw.request("/v1/prompts/greet").header("Authorization", "Bearer " + TENANT_KEY)
        .post(RequestBody.create("{\"who\":\"Cy\",\"stream\":true}", JSON)).build();
    GatewayFixture.Reply reply = gw.send(request);
    assertEquals(200, reply.status());
    assertTrue(reply.header("content-type").startsWith("text/event-stream"));
    StringBuilder text = new StringBuilder();
    JsonNode done = null;
    for (String line : reply.body().split("\n")) {
      if (line.startsWith("data: ")) {
        JsonNode event = GatewayFixture.parse(line.substring(6));
        if (event.path("type").asText().equals("delta")) {
          text.append(event.path("text").asText());
        } else if (event.path("type").asText().equals("done")) {
          done = event;
        }
      }
    }
    assertTrue(text.toString().contains("Greet Cy in English"), text.toString());
    assertEquals(3, done.path("version").asInt());
    assertTrue(done.path("usage").path("total_tokens").asInt() > 0);
  }

  @Test
  void discoveryListsWhatTheCallerMayUseAndTheOpenApiDocumentParses() {
    assertEquals(201, admin("PUT", "/admin/prompts/tagger", jsonPrompt()).status());
    JsonNode mine = gw.get("/v1/prompts", TENANT_KEY).json().path("data");
    assertEquals(2, mine.size(), mine.toString());
    JsonNode others = gw.get("/v1/prompts", OTHER_KEY).json().path("data");
    assertEquals(1, others.size(), "greet is only for tenant test");

    String document = gw.get("/v1/prompts/openapi.json", TENANT_KEY).body();
    SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(document);
    assertTrue(parsed.getMessages() == null || parsed.getMessages().isEmpty(), String.valueOf(parsed.getMessages()));
    assertEquals("3.1.0", parsed.getOpenAPI().getOpenapi());
    assertEquals(2, parsed.getOpenAPI().getPaths().size());
    assertFalse(parsed.getOpenAPI().getPaths().get("/v1/prompts/tagger").getPost().getResponses().isEmpty());
    JsonNode doc = GatewayFixture.parse(document);
    assertEquals("tags", doc.path("components").path("schemas").path("tagger.result").path("properties")
        .path("output").path("required").path(0).asText());
    assertEquals("who", doc.path("components").path("schemas").path("greet.input").path("required").path(0).asText());
  }
}
