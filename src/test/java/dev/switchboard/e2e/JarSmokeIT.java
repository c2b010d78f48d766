package dev.switchboard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged {@code target/switchboard.jar} as an operator runs it: started as a child process with
 * {@code --config} and {@code --port}, serving the demo tenant, and exiting 0 on SIGTERM.
 */
class JarSmokeIT {
  private static final String DEMO_KEY = "sk-smoke-demo-key-000001";
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
  void packagedJarServesAChatAndStopsCleanlyOnSigterm() throws Exception {
    Path jar = Path.of("target", "switchboard.jar").toAbsolutePath();
    assertTrue(Files.isRegularFile(jar), "run after package: " + jar);
    Path config = dir.resolve("switchboard.yaml");
    Files.writeString(config, """
        server: { host: 127.0.0.1, port: 8080, drain_timeout_ms: 10000 }
        store: { url: "jdbc:sqlite:data/switchboard.db" }
        logging: { level: warn }
        providers:
          local: { type: mock }
        models:
          demo: { deployments: [ { provider: local, model: mock-1 } ] }
        tenants:
          demo:
            keys: [ { id: demo, key: "%s" } ]
            models: [ demo ]
        """.formatted(DEMO_KEY));
    int port = freePort();
    Path log = dir.resolve("switchboard.log");
    process = new ProcessBuilder(List.of(System.getProperty("java.home") + "/bin/java", "-jar", jar.toString(),
        "--config", config.toString(), "--port", String.valueOf(port)))
        .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();

    OkHttpClient http = new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(5))
        .readTimeout(Duration.ofSeconds(30)).callTimeout(Duration.ofSeconds(60)).build();
    try {
      String base = "http://127.0.0.1:" + port;
      awaitHealthy(http, base + "/healthz", log);

      Request chat = new Request.Builder().url(base + "/v1/chat/completions")
          .header("Authorization", "Bearer " + DEMO_KEY)
          .post(RequestBody.create(GatewayFixture.chat("demo", "smoke test"), GatewayFixture.JSON)).build();
      try (Response response = http.newCall(chat).execute()) {
        String body = response.body().string();
        assertEquals(200, response.code(), body);
        assertEquals("local/mock-1", response.header("x-switchboard-deployment"));
        JsonNode json = GatewayFixture.parse(body);
        assertEquals("demo", json.path("model").asText());
        assertTrue(json.path("choices").path(0).path("message").path("content").asText().contains("smoke test"), body);
        assertTrue(json.path("usage").path("total_tokens").asInt() > 0, body);
      }
      // the admin console and its webjar libraries are packaged in the jar
      for (String asset : List.of("/console/", "/console/js/app.js", "/console/vendor/uplot/uPlot.iife.min.js",
          "/console/vendor/swagger-ui/swagger-ui-bundle.js")) {
        try (Response response = http.newCall(new Request.Builder().url(base + asset).build()).execute()) {
          assertEquals(200, response.code(), asset);
          assertTrue(response.body().contentLength() != 0, asset);
        }
      }
    } finally {
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }

    process.destroy(); // SIGTERM
    boolean exited = process.waitFor(MAX_WAIT_S, TimeUnit.SECONDS);
    assertTrue(exited, () -> "did not exit after SIGTERM; output:\n" + read(log));
    assertEquals(0, process.exitValue(), () -> "exit status after SIGTERM; output:\n" + read(log));
    assertTrue(Files.exists(dir.resolve("data")), "the relative store path is resolved in the working directory");
  }

  private void awaitHealthy(OkHttpClient http, String url, Path log) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(MAX_WAIT_S);
    for (int i = 0; i < 1_000 && System.nanoTime() < deadline; i++) {
      if (!process.isAlive()) {
        fail("the gateway exited with " + process.exitValue() + " before it was healthy:\n" + read(log));
      }
      try (Response response = http.newCall(new Request.Builder().url(url).build()).execute()) {
        if (response.code() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    fail("/healthz did not answer 200 within " + MAX_WAIT_S + " s:\n" + read(log));
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
}
