package dev.switchboard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import dev.switchboard.Switchboard;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.config.RoutingConfig;
import dev.switchboard.provider.ProviderRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;

/**
 * One gateway started in-process on an ephemeral port from a YAML file written into a temp folder, plus
 * an OkHttp client and helpers to call it and check what a user sees. Every response read through it is
 * remembered, so a test can check that no secret ever leaked.
 */
final class GatewayFixture implements AutoCloseable {
  static final String TENANT_KEY = "sk-test-tenant-key-0001";
  static final ObjectMapper MAPPER = new ObjectMapper();
  static final MediaType JSON = MediaType.get("application/json");
  static final int MAX_SSE_LINES = 10_000;
  private static final Pattern STACK_FRAME = Pattern.compile("(?m)^\\s*at [\\w$.]+\\(|\\.java:\\d+\\)|Caused by:");

  /** The built-in mock provider behind the models {@code demo} and {@code demo-large}. */
  static final String MOCK_SECTIONS = """
      providers:
        local: { type: mock }
        slow: { type: mock, stream_interval_ms: 200 }
      models:
        demo: { deployments: [ { provider: local, model: mock-1 } ] }
        demo-large: { deployments: [ { provider: local, model: mock-2 } ] }
        slow-demo: { deployments: [ { provider: slow, model: mock-slow } ] }
        restricted: { deployments: [ { provider: local, model: mock-3 } ] }
      routing: { max_attempts: 3, attempt_timeout_ms: 30000 }
      tenants:
        test:
          keys: [ { id: t1, key: "%s" } ]
          models: [ demo, demo-large, slow-demo ]
      """.formatted(TENANT_KEY);

  private final Switchboard gateway;
  private final OkHttpClient http;
  private final List<String> seen = Collections.synchronizedList(new ArrayList<>());
  final Path configFile;

  private GatewayFixture(Switchboard gateway, Path configFile) {
    this.gateway = gateway;
    this.configFile = configFile;
    this.http = new OkHttpClient.Builder().retryOnConnectionFailure(false).connectTimeout(Duration.ofSeconds(10))
        .readTimeout(Duration.ofSeconds(30)).callTimeout(Duration.ofSeconds(60)).build();
  }

  static GatewayFixture start(Path dir, String sections) {
    return start(dir, 4_194_304, sections);
  }

  /** Writes {@code switchboard.yaml} (server, store, logging + the given sections) into {@code dir} and starts it. */
  static GatewayFixture start(Path dir, long maxBodyBytes, String sections) {
    return startYaml(dir, config(dir, maxBodyBytes, sections));
  }

  /** Writes {@code yaml} verbatim as {@code switchboard.yaml} into {@code dir} and starts it (full control of every section). */
  static GatewayFixture startYaml(Path dir, String yaml) {
    try {
      Path file = dir.resolve("switchboard.yaml");
      Files.writeString(file, yaml);
      GatewayConfig config = new ConfigLoader(ProviderRegistry.builtIn(), name -> null).load(file).config();
      Callable<GatewayConfig> reload = () -> activeChecksOnlyWhenConfigured(
          new ConfigLoader(ProviderRegistry.builtIn(), name -> null).load(file).config(), Files.readString(file));
      return new GatewayFixture(Switchboard.start(activeChecksOnlyWhenConfigured(config, yaml),
          ProviderRegistry.builtIn(), file, reload), file);
    } catch (Exception e) {
      throw new IllegalStateException("gateway did not start with:\n" + yaml, e);
    }
  }

  /**
   * Active health checks stay off unless the test's YAML configures them ({@code active:}): a probe at a random
   * moment would add calls to the upstream fakes that a test counts.
   */
  private static GatewayConfig activeChecksOnlyWhenConfigured(GatewayConfig c, String yaml) {
    if (yaml.contains("active:")) {
      return c;
    }
    RoutingConfig r = c.routing();
    RoutingConfig.Active a = r.active();
    RoutingConfig routing = new RoutingConfig(r.maxAttempts(), r.attemptTimeoutMs(), r.deadlineMs(), r.retry(),
        new RoutingConfig.Active(false, a.intervalMs(), a.timeoutMs(), a.unhealthyThreshold(), a.healthyThreshold()),
        r.passive());
    return new GatewayConfig(c.server(), c.admin(), c.store(), c.redis(), c.logging(), c.providers(), c.models(),
        routing, c.tenants(), c.prompts(), c.ledger(), c.cache(), c.tracing());
  }

  static String config(Path dir, long maxBodyBytes, String sections) {
    return """
        server: { host: 127.0.0.1, port: 0, max_body_bytes: %d, drain_timeout_ms: 2000 }
        store: { url: "jdbc:sqlite:%s" }
        logging: { level: warn }
        """.formatted(maxBodyBytes, dir.resolve("switchboard.db").toAbsolutePath()) + sections;
  }

  int port() {
    return gateway.port();
  }

  /**
   * Ends a provider test: closes its SDK client and gateway, then stops its fake upstreams (WireMock servers or
   * other {@link AutoCloseable}s; nulls are skipped), the upstreams even when closing the rest failed.
   */
  static void closeAll(OpenAIClient client, GatewayFixture gw, Object... upstreams) throws Exception {
    try {
      if (client != null) {
        client.close();
      }
      if (gw != null) {
        gw.close();
      }
    } finally {
      for (Object upstream : upstreams) {
        if (upstream instanceof WireMockServer wm) {
          wm.stop();
        } else if (upstream instanceof AutoCloseable closeable) {
          closeable.close();
        } else if (upstream != null) {
          throw new IllegalArgumentException("cannot stop a " + upstream.getClass().getName());
        }
      }
    }
  }

  /** The official OpenAI Java SDK pointed at this gateway with {@code key}: no retries, so every answer is the gateway's. */
  OpenAIClient sdkClient(String key) {
    return OpenAIOkHttpClient.builder().baseUrl(url("/v1")).apiKey(key).maxRetries(0)
        .timeout(Duration.ofSeconds(30)).build();
  }

  /** A golden fixture of a provider: {@code src/test/resources/providers/<provider>/<name>}. */
  static String providerFixture(String provider, String name) {
    try (InputStream in = GatewayFixture.class.getResourceAsStream("/providers/" + provider + "/" + name)) {
      assertNotNull(in, "missing fixture providers/" + provider + "/" + name);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int adminPort() {
    return gateway.adminPort();
  }

  String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  OkHttpClient http() {
    return http;
  }

  /** Every status line, header block and body read through this fixture so far. */
  List<String> seen() {
    synchronized (seen) {
      return List.copyOf(seen);
    }
  }

  @Override
  public void close() {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
    gateway.close();
  }

  // ---- requests ----

  record Reply(int status, Headers headers, String body) {
    String header(String name) {
      return headers.get(name);
    }

    JsonNode json() {
      return parse(body);
    }
  }

  /** A streamed answer: every line as received, and the payload of each {@code data:} line. */
  record Sse(int status, Headers headers, List<String> lines, List<String> data) {
    String header(String name) {
      return headers.get(name);
    }

    /** The JSON chunks, i.e. every data payload except {@code [DONE]}. */
    List<JsonNode> chunks() {
      return data.stream().filter(d -> !d.equals("[DONE]")).map(GatewayFixture::parse).toList();
    }

    /** The concatenated {@code delta.content} of every chunk. */
    String text() {
      StringBuilder out = new StringBuilder();
      for (JsonNode c : chunks()) {
        c.path("choices").forEach(ch -> out.append(ch.path("delta").path("content").asText("")));
      }
      return out.toString();
    }
  }

  Request.Builder request(String path) {
    return new Request.Builder().url(url(path));
  }

  Reply get(String path, String key) {
    Request.Builder b = request(path).get();
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    return send(b.build());
  }

  Reply postChat(String key, String json) {
    return send(chatRequest(key, json).build());
  }

  Request.Builder chatRequest(String key, String json) {
    Request.Builder b = request("/v1/chat/completions").post(RequestBody.create(json, JSON));
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    return b;
  }

  Reply send(Request request) {
    try (Response response = http.newCall(request).execute()) {
      String body = response.body() == null ? "" : response.body().string();
      seen.add(response.code() + "\n" + response.headers() + "\n" + body);
      return new Reply(response.code(), response.headers(), body);
    } catch (IOException e) {
      throw new UncheckedIOException(request.method() + " " + request.url() + " failed", e);
    }
  }

  /** Sends a chat request and reads the whole SSE answer line by line (bounded by line count and timeouts). */
  Sse stream(String key, String json) {
    Request request = chatRequest(key, json).header("Accept", "text/event-stream").build();
    try (Response response = http.newCall(request).execute()) {
      List<String> lines = new ArrayList<>();
      List<String> data = new ArrayList<>();
      BufferedSource source = response.body().source();
      for (int i = 0; i < MAX_SSE_LINES; i++) {
        String line = source.readUtf8Line();
        if (line == null) {
          break;
        }
        lines.add(line);
        if (line.startsWith("data:")) {
          data.add(line.substring(5).strip());
        }
      }
      seen.add(response.code() + "\n" + response.headers() + "\n" + String.join("\n", lines));
      return new Sse(response.code(), response.headers(), lines, data);
    } catch (IOException e) {
      throw new UncheckedIOException("stream request failed", e);
    }
  }

  // ---- bodies ----

  /** A minimal chat request body; {@code extra} fields are added at the top level. */
  static String chat(String model, String userText, Map<String, Object> extra) {
    ObjectNode root = MAPPER.createObjectNode().put("model", model);
    root.putArray("messages").addObject().put("role", "user").put("content", userText);
    extra.forEach((k, v) -> root.set(k, MAPPER.valueToTree(v)));
    return root.toString();
  }

  static String chat(String model, String userText) {
    return chat(model, userText, Map.of());
  }

  static String streamChat(String model, String userText, boolean includeUsage) {
    return includeUsage
        ? chat(model, userText, Map.of("stream", true, "stream_options", Map.of("include_usage", true)))
        : chat(model, userText, Map.of("stream", true));
  }

  static JsonNode parse(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + json, e);
    }
  }

  static String resource(String name) {
    try (InputStream in = GatewayFixture.class.getResourceAsStream("/e2e/" + name)) {
      assertNotNull(in, "missing test resource e2e/" + name);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---- assertions ----

  /** The OpenAI error shape {@code {"error":{"message","type","code","param"}}} with this status, code and param. */
  static JsonNode assertOpenAiError(Reply reply, int status, String code, String param) {
    assertEquals(status, reply.status(), () -> "status of " + reply.body());
    assertTrue(String.valueOf(reply.header("content-type")).startsWith("application/json"), reply::toString);
    assertNoStackTrace(reply.body());
    JsonNode error = reply.json().path("error");
    assertTrue(error.isObject(), () -> "no error object in " + reply.body());
    assertTrue(error.path("message").isTextual() && !error.path("message").asText().isBlank(), reply::body);
    assertTrue(error.path("type").isTextual() && !error.path("type").asText().isBlank(), reply::body);
    assertTrue(error.has("code") && error.has("param"), () -> "code and param must be present: " + reply.body());
    assertEquals(code, error.path("code").asText(null), reply::body);
    if (param == null) {
      assertTrue(error.path("param").isNull(), () -> "param should be null: " + reply.body());
    } else {
      assertEquals(param, error.path("param").asText(null), reply::body);
    }
    assertNotNull(reply.header("x-request-id"), "every answer carries x-request-id");
    return error;
  }

  static void assertNoStackTrace(String body) {
    assertFalse(STACK_FRAME.matcher(body).find(), () -> "stack trace in body: " + body);
  }

  static void assertNoneContains(List<String> texts, String secret) {
    for (String text : texts) {
      if (text.contains(secret)) {
        fail("the secret appears in a gateway response:\n" + text);
      }
    }
  }
}
