package dev.switchboard.e2e;

import static dev.switchboard.e2e.GatewayFixture.TENANT_KEY;
import static dev.switchboard.e2e.GatewayFixture.chat;
import static dev.switchboard.e2e.GatewayFixture.streamChat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code http2: true}: the gateway speaks HTTP/2 (h2c, prior knowledge) to an upstream that only accepts HTTP/2 on
 * this port, for plain and streamed answers, and many requests share one upstream connection.
 */
class Http2UpstreamE2ETest {
  private static final String COMPLETION = "{\"id\":\"chatcmpl-h2\",\"object\":\"chat.completion\",\"created\":1,"
      + "\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"over h2\"},"
      + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2,\"total_tokens\":5}}";
  private static final String CHUNK = "data: {\"id\":\"chatcmpl-h2\",\"object\":\"chat.completion.chunk\","
      + "\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"%s\"},\"finish_reason\":%s}]}\n\n";

  @TempDir
  static Path dir;
  static Vertx vertx;
  static HttpServer upstream;
  static GatewayFixture gw;
  static final List<HttpVersion> versions = new CopyOnWriteArrayList<>();
  static final Set<Object> connections = ConcurrentHashMap.newKeySet();

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    upstream = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0)
            .setHttp2ClearTextEnabled(true))
        .requestHandler(req -> {
          versions.add(req.version());
          connections.add(req.connection());
          if (req.version() != HttpVersion.HTTP_2) {
            req.response().setStatusCode(505).end("HTTP/2 only");
            return;
          }
          req.body().onSuccess(body -> {
            if (body.toString().contains("\"stream\":true")) {
              req.response().putHeader("content-type", "text/event-stream")
                  .end(String.format(CHUNK, "over ", "null") + String.format(CHUNK, "h2", "\"stop\"")
                      + "data: [DONE]\n\n");
            } else {
              req.response().putHeader("content-type", "application/json").end(COMPLETION);
            }
          });
        })
        .listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    gw = GatewayFixture.start(dir, """
        providers:
          h2: { type: openai, base_url: "http://127.0.0.1:%d/v1", api_key: up-key, http2: true }
        models:
          m: { deployments: [ { provider: h2, model: m } ] }
        tenants:
          test: { keys: [ { id: t1, key: "%s" } ], models: [ "*" ] }
        """.formatted(upstream.actualPort(), TENANT_KEY));
  }

  @AfterAll
  static void stop() throws Exception {
    if (gw != null) {
      gw.close();
    }
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void plainAndStreamedAnswersTravelOverHttp2OnSharedConnections() {
    versions.clear();
    for (int i = 0; i < 5; i++) {
      GatewayFixture.Reply reply = gw.postChat(TENANT_KEY, chat("m", "hi " + i));
      assertEquals(200, reply.status(), reply.body());
      assertEquals("over h2", GatewayFixture.parse(reply.body()).at("/choices/0/message/content").asText());
    }
    GatewayFixture.Sse stream = gw.stream(TENANT_KEY, streamChat("m", "stream please", false));
    assertEquals(200, stream.status());
    assertEquals("over h2", stream.text());
    assertEquals("[DONE]", stream.data().get(stream.data().size() - 1));
    assertEquals(6, versions.size());
    assertTrue(versions.stream().allMatch(v -> v == HttpVersion.HTTP_2), versions.toString());
    assertTrue(connections.size() < versions.size(), "requests should share HTTP/2 connections: " + connections.size());
  }
}
