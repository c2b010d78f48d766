package dev.switchboard.e2e;

import static dev.switchboard.e2e.GatewayFixture.TENANT_KEY;
import static dev.switchboard.e2e.GatewayFixture.assertOpenAiError;
import static dev.switchboard.e2e.GatewayFixture.chat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reloading the configuration while serving: validated first, swapped atomically, never breaking requests in flight. */
class ConfigReloadE2ETest {
  static final String ADMIN = "adm-reload-key-0001";

  @TempDir
  Path dir;

  static String yaml(Path dir, String extraModels, long watchMs) {
    return """
        server: { host: 127.0.0.1, port: 0, drain_timeout_ms: 2000, reload_watch_ms: %d }
        store: { url: "jdbc:sqlite:%s" }
        logging: { level: warn }
        admin: { key: "%s" }
        providers:
          local: { type: mock }
          slow: { type: mock, stream_interval_ms: 150 }
        models:
          demo: { deployments: [ { provider: local, model: mock-1 } ] }
          slow-demo: { deployments: [ { provider: slow, model: mock-slow } ] }
        %s
        tenants:
          test: { keys: [ { id: t1, key: "%s" } ], models: [ "*" ] }
        """.formatted(watchMs, dir.resolve("switchboard.db").toAbsolutePath(), ADMIN, extraModels, TENANT_KEY);
  }

  GatewayFixture.Reply reload(GatewayFixture gw) {
    return gw.send(gw.request("/admin/reload").header("Authorization", "Bearer " + ADMIN)
        .post(RequestBody.create("", MediaType.get("application/json"))).build());
  }

  static void rewrite(Path file, String text) throws Exception {
    Files.writeString(file, text);
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(3)));
  }

  @Test
  void aValidChangeIsServedAndABrokenOneKeepsTheRunningConfiguration() throws Exception {
    try (GatewayFixture gw = GatewayFixture.startYaml(dir, yaml(dir, "", 0))) {
      assertOpenAiError(gw.postChat(TENANT_KEY, chat("second", "hi")), 404, "model_not_found", "model");

      rewrite(gw.configFile, yaml(dir, "  second: { deployments: [ { provider: local, model: mock-2 } ] }", 0));
      GatewayFixture.Reply reloaded = reload(gw);
      assertEquals(200, reloaded.status(), reloaded.body());
      assertEquals("reloaded", reloaded.json().path("status").asText());
      assertEquals(200, gw.postChat(TENANT_KEY, chat("second", "hi")).status());
      assertEquals("unchanged", reload(gw).json().path("status").asText());

      rewrite(gw.configFile, yaml(dir, "  third: { deployments: [ { provider: nowhere, model: x } ] }", 0));
      GatewayFixture.Reply rejected = reload(gw);
      JsonNode error = assertOpenAiError(rejected, 400, "invalid_config", null);
      assertTrue(error.path("message").asText().contains("models.third.deployments[0].provider: unknown provider 'nowhere'"),
          rejected.body());
      assertEquals(200, gw.postChat(TENANT_KEY, chat("second", "still served")).status(), "the old configuration stays");
      assertEquals(200, gw.postChat(TENANT_KEY, chat("demo", "hi")).status());
    }
  }

  @Test
  void aChangedFileIsPickedUpByTheWatch() throws Exception {
    try (GatewayFixture gw = GatewayFixture.startYaml(dir, yaml(dir, "", 200))) {
      rewrite(gw.configFile, yaml(dir, "  watched: { deployments: [ { provider: local, model: mock-3 } ] }", 200));
      int status = 404;
      for (int i = 0; i < 50 && status != 200; i++) {
        Thread.sleep(100);
        status = gw.postChat(TENANT_KEY, chat("watched", "hi")).status();
      }
      assertEquals(200, status, "served within a few 200 ms checks");
    }
  }

  @Test
  void aStreamInFlightFinishesOnTheSnapshotItStartedWith() throws Exception {
    try (GatewayFixture gw = GatewayFixture.startYaml(dir, yaml(dir, "", 0))) {
      CompletableFuture<GatewayFixture.Sse> stream = CompletableFuture.supplyAsync(
          () -> gw.stream(TENANT_KEY, GatewayFixture.streamChat("slow-demo", "a long answer please", true)));
      Thread.sleep(300);
      rewrite(gw.configFile, yaml(dir, "  other: { deployments: [ { provider: local, model: mock-4 } ] }", 0)
          .replace("stream_interval_ms: 150", "stream_interval_ms: 10"));
      assertEquals("reloaded", reload(gw).json().path("status").asText());
      GatewayFixture.Sse sse = stream.get(30, TimeUnit.SECONDS);
      assertEquals(200, sse.status());
      assertEquals("[DONE]", sse.data().get(sse.data().size() - 1), "the stream ended cleanly: " + sse.data());
      assertTrue(sse.text().contains("a long answer please"), sse.text());
    }
  }

  @Test
  void settingsThatNeedARestartAreNamed() throws Exception {
    try (GatewayFixture gw = GatewayFixture.startYaml(dir, yaml(dir, "", 0))) {
      rewrite(gw.configFile, yaml(dir, "", 0).replace("drain_timeout_ms: 2000", "drain_timeout_ms: 3000"));
      GatewayFixture.Reply reloaded = reload(gw);
      assertEquals("server", reloaded.json().path("restart_needed").path(0).asText(), reloaded.body());
    }
  }
}
