package dev.switchboard.e2e;

import static dev.switchboard.e2e.GatewayFixture.JSON;
import static dev.switchboard.e2e.GatewayFixture.TENANT_KEY;
import static dev.switchboard.e2e.GatewayFixture.assertNoneContains;
import static dev.switchboard.e2e.GatewayFixture.assertOpenAiError;
import static dev.switchboard.e2e.GatewayFixture.chat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tenants and keys over HTTP: the admin API, key lifecycle with revocation reaching a second replica within
 * 1 s, admin auth, validation, read-only configured tenants, local rate limits and budgets, and no key in any
 * log line or admin answer.
 */
class TenantKeysE2ETest {
  static final String ADMIN_KEY = "sk-admin-e2e-0123456789abcdef";

  @TempDir
  static Path dir;
  static GatewayFixture gw;
  static GatewayFixture replica;
  static LogCapture logs;

  static String yaml(Path db) {
    return """
        server: { host: 127.0.0.1, port: 0, drain_timeout_ms: 2000 }
        store: { url: "jdbc:sqlite:%s" }
        logging: { level: info }
        admin: { key: "%s" }
        """.formatted(db.toAbsolutePath(), ADMIN_KEY) + GatewayFixture.MOCK_SECTIONS.replace(
        "models:\n  demo: { deployments: [ { provider: local, model: mock-1 } ] }",
        "models:\n  demo: { deployments: [ { provider: local, model: mock-1 } ] }\n"
            + "  priced: { deployments: [ { provider: local, model: mock-p, price: { input_per_mtok: 1000, output_per_mtok: 1000 } } ] }");
  }

  @BeforeAll
  static void start() throws Exception {
    Path db = dir.resolve("shared.db");
    Path a = Files.createDirectories(dir.resolve("a"));
    Path b = Files.createDirectories(dir.resolve("b"));
    gw = GatewayFixture.startYaml(a, yaml(db));
    replica = GatewayFixture.startYaml(b, yaml(db));
    logs = LogCapture.attach();
  }

  @AfterAll
  static void stop() {
    if (logs != null) {
      logs.close();
    }
    if (replica != null) {
      replica.close();
    }
    if (gw != null) {
      gw.close();
    }
  }

  static GatewayFixture.Reply admin(GatewayFixture at, String method, String path, String json, String key) {
    Request.Builder b = at.request(path).method(method, json == null ? (method.equals("POST") ? RequestBody.create("", JSON) : null)
        : RequestBody.create(json, JSON));
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    return at.send(b.build());
  }

  static GatewayFixture.Reply admin(String method, String path, String json) {
    return admin(gw, method, path, json, ADMIN_KEY);
  }

  static String newTenant(String body) {
    String id = "t-" + UUID.randomUUID().toString().substring(0, 8);
    GatewayFixture.Reply created = admin("POST", "/admin/tenants", body.formatted(id));
    assertEquals(201, created.status(), created.body());
    return id;
  }

  static JsonNode newKey(String tenant) {
    GatewayFixture.Reply reply = admin("POST", "/admin/tenants/" + tenant + "/keys", null);
    assertEquals(201, reply.status(), reply.body());
    assertEquals("no-store", reply.header("cache-control"));
    return reply.json();
  }

  @Test
  void keyLifecycleFromCreationToRevocationOnEveryReplica() throws Exception {
    GatewayFixture.Reply created = admin("POST", "/admin/tenants", """
        {"id":"acme","models":["demo"],"budget":{"daily_usd":5,"monthly_usd":"100.50"},"limits":{"rpm":1000,"tpm":1000000}}""");
    assertEquals(201, created.status(), created.body());
    JsonNode tenant = created.json();
    assertEquals("acme", tenant.path("id").asText());
    assertEquals("api", tenant.path("source").asText());
    assertEquals("[\"demo\"]", tenant.path("models").toString());
    assertEquals("5", tenant.path("budget").path("daily_usd").asText());
    assertEquals("100.5", tenant.path("budget").path("monthly_usd").asText());
    assertEquals(1000, tenant.path("limits").path("rpm").asLong());
    assertEquals("/admin/tenants/acme", created.header("location"));
    assertOpenAiError(admin("POST", "/admin/tenants", "{\"id\":\"acme\",\"models\":[\"demo\"]}"), 409, "tenant_exists", "id");
    assertOpenAiError(admin("POST", "/admin/tenants", "{\"id\":\"test\",\"models\":[\"demo\"]}"), 409, "tenant_exists", "id");

    JsonNode listed = admin("GET", "/admin/tenants", null).json();
    List<String> ids = new ArrayList<>();
    listed.path("data").forEach(t -> ids.add(t.path("id").asText() + ":" + t.path("source").asText()));
    assertTrue(ids.contains("test:config") && ids.contains("acme:api"), ids.toString());
    assertEquals("acme", admin("GET", "/admin/tenants/acme", null).json().path("id").asText());
    assertOpenAiError(admin("GET", "/admin/tenants/nobody", null), 404, "tenant_not_found", "id");

    JsonNode key = newKey("acme");
    String secret = key.path("key").asText();
    assertTrue(secret.startsWith("sk-sb-") && secret.length() >= 40, secret);
    assertEquals(secret.substring(0, 12), key.path("prefix").asText());
    String keyId = key.path("id").asText();

    GatewayFixture.Reply reply = gw.postChat(secret, chat("demo", "hello from acme"));
    assertEquals(200, reply.status(), reply.body());
    assertEquals(200, replica.postChat(secret, chat("demo", "and from the replica")).status());
    GatewayFixture.Sse streamed = gw.stream(secret, GatewayFixture.streamChat("demo", "streamed for acme", true));
    assertEquals(200, streamed.status());
    assertEquals("[DONE]", streamed.data().get(streamed.data().size() - 1));
    assertOpenAiError(gw.postChat(secret, chat("demo-large", "hi")), 403, "model_not_allowed", "model");
    JsonNode models = gw.get("/v1/models", secret).json();
    assertEquals(1, models.path("data").size());
    assertEquals("demo", models.path("data").path(0).path("id").asText());

    JsonNode keys = admin("GET", "/admin/tenants/acme/keys", null).json();
    assertEquals(1, keys.path("data").size());
    JsonNode listedKey = keys.path("data").path(0);
    assertEquals(keyId, listedKey.path("id").asText());
    assertEquals(key.path("prefix").asText(), listedKey.path("prefix").asText());
    assertTrue(listedKey.path("revoked").isNull());
    assertFalse(listedKey.has("key"), "the secret is shown once, at creation");
    JsonNode logged = null;
    for (int i = 0; i < 100 && (logged == null || logged.isEmpty()); i++) {
      logged = admin("GET", "/admin/requests?tenant=acme&limit=10", null).json().path("data");
      if (logged.isEmpty()) {
        Thread.sleep(50);
      }
    }
    assertEquals(key.path("prefix").asText(), logged.path(0).path("key_prefix").asText(),
        "the request log shows the key by its prefix: " + logged);

    GatewayFixture.Reply revoked = admin("DELETE", "/admin/tenants/acme/keys/" + keyId, null);
    assertEquals(200, revoked.status(), revoked.body());
    assertFalse(revoked.json().path("revoked").isNull());
    assertOpenAiError(gw.postChat(secret, chat("demo", "after revocation")), 401, "invalid_api_key", null);
    long start = System.nanoTime();
    int status = 200;
    while (status == 200 && System.nanoTime() - start < 3_000_000_000L) {
      status = replica.postChat(secret, chat("demo", "still there?")).status();
      if (status == 200) {
        Thread.sleep(50);
      }
    }
    long elapsedMs = (System.nanoTime() - start) / 1_000_000;
    assertEquals(401, status, "the other replica stops accepting the key");
    assertTrue(elapsedMs <= 1_500, "revocation reached the other replica in " + elapsedMs + " ms");
    assertOpenAiError(admin("DELETE", "/admin/tenants/acme/keys/key_nope", null), 404, "key_not_found", "keyId");
    assertOpenAiError(admin("DELETE", "/admin/tenants/test/keys/t1", null), 409, "key_read_only", "id");
  }

  @Test
  void theAdminApiNeedsTheAdminKey() {
    GatewayFixture.Reply none = admin(gw, "GET", "/admin/tenants", null, null);
    assertOpenAiError(none, 401, "invalid_api_key", null);
    assertOpenAiError(admin(gw, "GET", "/admin/tenants", null, "sk-wrong-admin-key-000000"), 401, "invalid_api_key", null);
    assertOpenAiError(admin(gw, "GET", "/admin/tenants", null, TENANT_KEY), 401, "invalid_api_key", null);
    assertOpenAiError(admin(gw, "POST", "/admin/tenants", "{\"id\":\"x\",\"models\":[\"demo\"]}", TENANT_KEY), 401,
        "invalid_api_key", null);
    assertEquals(404, admin("GET", "/admin/tenants/x", null).status(), "nothing was created");
  }

  @Test
  void everyBadFieldIsNamed() {
    GatewayFixture.Reply reply = admin("POST", "/admin/tenants", """
        {"id":"bad id!","models":["demo","nope"],"budget":{"daily_usd":-1,"weekly_usd":3},"limits":{"rpm":"x","tpm":1.5},"color":"red"}""");
    JsonNode error = assertOpenAiError(reply, 400, "invalid_request", "color");
    List<String> fields = new ArrayList<>();
    reply.json().path("errors").forEach(e -> fields.add(e.path("param").asText()));
    assertEquals(List.of("color", "id", "models[1]", "budget.weekly_usd", "budget.daily_usd", "limits.rpm", "limits.tpm"),
        fields, reply.body());
    assertTrue(error.path("message").asText().contains("models[1]: unknown model 'nope'"), reply.body());
    assertOpenAiError(admin("POST", "/admin/tenants", "{\"id\":\"ok\"}"), 400, "invalid_request", "models");
    assertOpenAiError(admin("POST", "/admin/tenants", "not json"), 400, "invalid_request", null);
    assertOpenAiError(admin("POST", "/admin/tenants", "[1]"), 400, "invalid_request", null);
  }

  @Test
  void configuredTenantsAreReadOnlyAndStoredOnesArePatched() {
    JsonNode error = assertOpenAiError(admin("PATCH", "/admin/tenants/test", "{\"limits\":{\"rpm\":1}}"), 409,
        "tenant_read_only", "id");
    assertTrue(error.path("message").asText().contains("configuration file"), error.toString());
    String extra = newKey("test").path("key").asText();
    assertEquals(200, gw.postChat(extra, chat("demo-large", "a configured tenant with an API key")).status());
    assertOpenAiError(gw.postChat(extra, chat("restricted", "hi")), 403, "model_not_allowed", "model");
    JsonNode configuredKeys = admin("GET", "/admin/tenants/test/keys", null).json().path("data");
    assertEquals("t1", configuredKeys.path(0).path("id").asText());
    assertEquals("config", configuredKeys.path(0).path("source").asText());
    assertEquals("api", configuredKeys.path(1).path("source").asText());
    String id = newTenant("{\"id\":\"%s\",\"models\":[\"demo\"],\"budget\":{\"daily_usd\":1}}");
    GatewayFixture.Reply patched = admin("PATCH", "/admin/tenants/" + id,
        "{\"models\":[\"demo\",\"demo-large\"],\"budget\":{\"daily_usd\":null,\"monthly_usd\":20},\"limits\":{\"rpm\":2}}");
    assertEquals(200, patched.status(), patched.body());
    assertTrue(patched.json().path("budget").path("daily_usd").isNull());
    assertEquals("20", patched.json().path("budget").path("monthly_usd").asText());
    JsonNode read = admin("GET", "/admin/tenants/" + id, null).json();
    assertEquals("[\"demo\",\"demo-large\"]", read.path("models").toString());
    assertEquals(2, read.path("limits").path("rpm").asLong());
    assertEquals(0, read.path("limits").path("tpm").asLong(), "fields not sent stay as they were");
    assertOpenAiError(admin("PATCH", "/admin/tenants/" + id, "{\"id\":\"other\"}"), 400, "invalid_request", "id");
    assertOpenAiError(admin("PATCH", "/admin/tenants/nobody", "{}"), 404, "tenant_not_found", "id");

    String key = newKey(id).path("key").asText();
    assertEquals(200, gw.postChat(key, chat("demo-large", "one")).status());
    assertEquals(200, gw.postChat(key, chat("demo", "two")).status());
    GatewayFixture.Reply limited = gw.postChat(key, chat("demo", "three"));
    assertOpenAiError(limited, 429, "rate_limit_exceeded", null);
    long retryAfter = Long.parseLong(limited.header("retry-after"));
    assertTrue(retryAfter >= 29 && retryAfter <= 30, "2 per minute: the next fits in 30 s, was " + retryAfter);
  }

  @Test
  void aSpentBudgetAnswersBudgetExceeded() {
    String id = newTenant("{\"id\":\"%s\",\"models\":[\"priced\"],\"budget\":{\"daily_usd\":0.2}}");
    String key = newKey(id).path("key").asText();
    String body = chat("priced", "count the cost", Map.of("max_tokens", 20));
    int ok = 0;
    GatewayFixture.Reply last = null;
    for (int i = 0; i < 50; i++) {
      last = gw.postChat(key, body);
      if (last.status() != 200) {
        break;
      }
      ok++;
    }
    assertNotNull(last);
    JsonNode error = assertOpenAiError(last, 429, "budget_exceeded", null);
    assertEquals("insufficient_quota", error.path("type").asText());
    assertNotNull(last.header("retry-after"));
    assertTrue(ok >= 1 && ok < 50, "some requests fit in $0.20 at $0.001 a token, then none: " + ok);
  }

  @Test
  void noKeyNorDigestAppearsInLogsOrAdminAnswers() throws Exception {
    String id = newTenant("{\"id\":\"%s\",\"models\":[\"demo\"]}");
    GatewayFixture.Reply created = admin("POST", "/admin/tenants/" + id + "/keys", null);
    String canary = created.json().path("key").asText();
    assertEquals(200, gw.postChat(canary, chat("demo", "canary")).status());
    gw.postChat(canary, chat("restricted", "not allowed"));
    gw.postChat(canary + "x", chat("demo", "wrong key"));
    gw.get("/v1/models", canary);
    admin("GET", "/admin/tenants/" + id + "/keys", null);
    admin("GET", "/admin/tenants/" + id, null);
    admin("GET", "/admin/tenants", null);
    String keyId = created.json().path("id").asText();
    admin("DELETE", "/admin/tenants/" + id + "/keys/" + keyId, null);
    gw.postChat(canary, chat("demo", "revoked"));

    String digest;
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("shared.db").toAbsolutePath());
         Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT digest FROM tenant_keys WHERE id = '" + keyId + "'")) {
      assertTrue(rs.next());
      digest = rs.getString(1);
    }
    List<String> answers = new ArrayList<>(gw.seen());
    answers.removeIf(text -> text.contains("\"key\":\"" + canary + "\"") && text.startsWith("201"));
    assertNoneContains(answers, canary);
    assertNoneContains(answers, digest);
    assertNoneContains(logs.lines(), canary);
    assertNoneContains(logs.lines(), canary.substring(12));
    assertNoneContains(logs.lines(), digest);
    assertTrue(logs.lines().stream().anyMatch(l -> l.contains("tenant key created") && l.contains(keyId)),
        "the capture works: " + logs.lines());
  }
}
