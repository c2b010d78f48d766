package dev.switchboard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of the packaged jar: every request whose response completed is billed exactly once after the
 * restart, because its event reached the journal before the response completed.
 */
class LedgerCrashIT {
  private static final String TENANT_KEY = "sk-crash-tenant-key-000001";
  private static final String ADMIN_KEY = "sk-crash-admin-key-000001";
  private static final int MAX_WAIT_S = 60;

  @TempDir
  Path dir;
  private Process process;

  @AfterEach
  void killLeftover() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void everyCompletedRequestIsBilledOnceAfterKillMinus9AndRestart() throws Exception {
    Path jar = Path.of("target", "switchboard.jar").toAbsolutePath();
    assertTrue(Files.isRegularFile(jar), "run after package: " + jar);
    Path config = dir.resolve("switchboard.yaml");
    Files.writeString(config, """
        server: { host: 127.0.0.1, port: 8080, drain_timeout_ms: 10000 }
        admin: { key: "%s" }
        store: { url: "jdbc:sqlite:data/switchboard.db" }
        ledger: { flush_interval_ms: 600000, batch_size: 100000 }
        logging: { level: warn }
        providers:
          local: { type: mock }
        models:
          demo: { deployments: [ { provider: local, model: mock-1, price: { input_per_mtok: 2.5, output_per_mtok: 10 } } ] }
        tenants:
          acme:
            keys: [ { id: app, key: "%s" } ]
            models: [ demo ]
        """.formatted(ADMIN_KEY, TENANT_KEY));
    OkHttpClient http = httpClient();
    Map<String, BigDecimal> billed = new HashMap<>();
    try {
      String base = start(http, config, "first.log");
      for (int i = 0; i < 30; i++) {
        try (Response response = http.newCall(new Request.Builder().url(base + "/v1/chat/completions")
            .header("Authorization", "Bearer " + TENANT_KEY)
            .post(RequestBody.create(GatewayFixture.chat("demo", "crash test " + i), GatewayFixture.JSON)).build())
            .execute()) {
          assertEquals(200, response.code(), response.body().string());
          billed.put(response.header("x-request-id"), new BigDecimal(response.header("x-switchboard-cost-usd")));
        }
      }
      process.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
      assertTrue(process.waitFor(MAX_WAIT_S, TimeUnit.SECONDS));
      assertEquals(30, journalLines(), "every completed request is in the journal");

      String again = start(http, config, "second.log");
      Map<String, BigDecimal> stored = new HashMap<>();
      for (int i = 0; i < 200 && stored.size() < billed.size(); i++) {
        stored.clear();
        JsonNode page = get(http, again + "/admin/requests?tenant=acme&limit=1000");
        for (JsonNode e : page.path("data")) {
          assertEquals(null, stored.put(e.path("id").asText(), new BigDecimal(e.path("cost_usd").asText())),
              "billed twice: " + e);
        }
        Thread.sleep(50);
      }
      assertEquals(billed.keySet(), stored.keySet());
      billed.forEach((id, cost) -> assertEquals(0, cost.compareTo(stored.get(id)), id));
      String today = LocalDate.now(ZoneOffset.UTC).toString();
      JsonNode report = get(http, again + "/admin/reports/cost?group_by=tenant&from=" + today + "&to="
          + LocalDate.now(ZoneOffset.UTC).plusDays(1));
      BigDecimal told = billed.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
      assertEquals(30, report.path("total").path("requests").asLong());
      assertEquals(0, told.compareTo(new BigDecimal(report.path("total").path("cost_usd").asText())));

      process.destroy(); // SIGTERM
      assertTrue(process.waitFor(MAX_WAIT_S, TimeUnit.SECONDS));
      assertEquals(0, process.exitValue(), () -> read(dir.resolve("second.log")));
    } finally {
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }

  @Test
  void sigtermUnderStreamingLoadFinishesEveryStreamAndBillsIt() throws Exception {
    Path config = dir.resolve("switchboard.yaml");
    Files.writeString(config, """
        server: { host: 127.0.0.1, port: 8080, drain_timeout_ms: 20000 }
        admin: { key: "%s" }
        store: { url: "jdbc:sqlite:data/switchboard.db" }
        logging: { level: warn }
        providers:
          slow: { type: mock, stream_interval_ms: 100 }
        models:
          demo: { deployments: [ { provider: slow, model: mock-1, price: { input_per_mtok: 2.5, output_per_mtok: 10 } } ] }
        tenants:
          acme:
            keys: [ { id: app, key: "%s" } ]
            models: [ demo ]
        """.formatted(ADMIN_KEY, TENANT_KEY));
    OkHttpClient http = httpClient();
    java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(20);
    try {
      String base = start(http, config, "streams.log");
      List<java.util.concurrent.Future<String>> streams = new java.util.ArrayList<>();
      for (int i = 0; i < 20; i++) {
        String body = GatewayFixture.streamChat("demo", "a streamed answer under shutdown number " + i, true);
        streams.add(clients.submit(() -> {
          try (Response response = http.newCall(new Request.Builder().url(base + "/v1/chat/completions")
              .header("Authorization", "Bearer " + TENANT_KEY).post(RequestBody.create(body, GatewayFixture.JSON))
              .build()).execute()) {
            assertEquals(200, response.code());
            return response.body().string();
          }
        }));
      }
      Thread.sleep(700);
      process.destroy(); // SIGTERM while every stream is still running
      for (java.util.concurrent.Future<String> stream : streams) {
        String text = stream.get(MAX_WAIT_S, TimeUnit.SECONDS);
        assertTrue(text.strip().endsWith("data: [DONE]"), "each stream finished cleanly: " + text);
      }
      assertTrue(process.waitFor(MAX_WAIT_S, TimeUnit.SECONDS));
      assertEquals(0, process.exitValue(), () -> read(dir.resolve("streams.log")));

      String again = start(http, config, "after.log");
      JsonNode report = get(http, again + "/admin/reports/cost?group_by=tenant&from="
          + LocalDate.now(ZoneOffset.UTC) + "&to=" + LocalDate.now(ZoneOffset.UTC).plusDays(1));
      assertEquals(20, report.path("total").path("requests").asLong(), "every drained stream is billed: " + report);
      process.destroy();
      assertTrue(process.waitFor(MAX_WAIT_S, TimeUnit.SECONDS));
    } finally {
      clients.shutdownNow();
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }

  private String start(OkHttpClient http, Path config, String logName) throws Exception {
    int port = freePort();
    Path log = dir.resolve(logName);
    process = new ProcessBuilder(List.of(System.getProperty("java.home") + "/bin/java", "-jar",
        Path.of("target", "switchboard.jar").toAbsolutePath().toString(), "--config", config.toString(),
        "--port", String.valueOf(port)))
        .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    String base = "http://127.0.0.1:" + port;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(MAX_WAIT_S);
    for (int i = 0; i < 1_000 && System.nanoTime() < deadline; i++) {
      if (!process.isAlive()) {
        fail("the gateway exited with " + process.exitValue() + ":\n" + read(log));
      }
      try (Response response = http.newCall(new Request.Builder().url(base + "/readyz").build()).execute()) {
        if (response.code() == 200) {
          return base;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    fail("/readyz did not answer 200 within " + MAX_WAIT_S + " s:\n" + read(log));
    return null;
  }

  private static JsonNode get(OkHttpClient http, String url) throws IOException {
    try (Response response = http.newCall(new Request.Builder().url(url)
        .header("Authorization", "Bearer " + ADMIN_KEY).build()).execute()) {
      String body = response.body().string();
      assertEquals(200, response.code(), body);
      return GatewayFixture.parse(body);
    }
  }

  private long journalLines() throws IOException {
    long lines = 0;
    try (Stream<Path> files = Files.list(dir.resolve("data").resolve("ledger"))) {
      for (Path f : files.toList()) {
        lines += Files.readAllLines(f).size();
      }
    }
    return lines;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "(no output)";
    } catch (IOException e) {
      return "(output unreadable: " + e + ")";
    }
  }

  private static OkHttpClient httpClient() {
    return new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(30))
        .callTimeout(Duration.ofSeconds(60)).build();
  }
}
