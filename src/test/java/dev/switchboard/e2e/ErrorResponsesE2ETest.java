package dev.switchboard.e2e;

import static dev.switchboard.e2e.GatewayFixture.TENANT_KEY;
import static dev.switchboard.e2e.GatewayFixture.assertNoStackTrace;
import static dev.switchboard.e2e.GatewayFixture.assertOpenAiError;
import static dev.switchboard.e2e.GatewayFixture.chat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way a request can be refused before it reaches an upstream, as the caller sees it. */
class ErrorResponsesE2ETest {
  static final long MAX_BODY = 2048;

  @TempDir
  static Path dir;
  static GatewayFixture gw;

  @BeforeAll
  static void start() {
    gw = GatewayFixture.start(dir, MAX_BODY, GatewayFixture.MOCK_SECTIONS);
  }

  @AfterAll
  static void stop() {
    if (gw != null) {
      gw.seen().forEach(GatewayFixture::assertNoStackTrace);
      gw.close();
    }
  }

  @Test
  void missingKeyIs401() {
    GatewayFixture.Reply reply = gw.postChat(null, chat("demo", "hi"));
    assertOpenAiError(reply, 401, "invalid_api_key", null);
    assertEquals("invalid_request_error", reply.json().path("error").path("type").asText());
  }

  @Test
  void wrongKeyIs401() {
    assertOpenAiError(gw.postChat("sk-test-wrong-key-9999", chat("demo", "hi")), 401, "invalid_api_key", null);
    assertOpenAiError(gw.get("/v1/models", "sk-test-wrong-key-9999"), 401, "invalid_api_key", null);
  }

  @Test
  void emptyBearerIs401() {
    GatewayFixture.Reply reply = gw.send(gw.chatRequest(null, chat("demo", "hi"))
        .header("Authorization", "Bearer ").build());
    assertOpenAiError(reply, 401, "invalid_api_key", null);
  }

  @Test
  void invalidJsonIs400() {
    GatewayFixture.Reply reply = gw.postChat(TENANT_KEY, "{\"model\": \"demo\", \"messages\": [");
    JsonNode error = assertOpenAiError(reply, 400, "invalid_request", null);
    assertEquals("invalid_request_error", error.path("type").asText());
    assertTrue(error.path("message").asText().contains("JSON"), reply.body());
  }

  @Test
  void nonObjectBodyIs400() {
    assertOpenAiError(gw.postChat(TENANT_KEY, "[1,2,3]"), 400, "invalid_request", null);
  }

  @Test
  void missingMessagesIs400NamingTheField() {
    GatewayFixture.Reply reply = gw.postChat(TENANT_KEY, "{\"model\":\"demo\"}");
    JsonNode error = assertOpenAiError(reply, 400, "invalid_request", "messages");
    assertTrue(error.path("message").asText().contains("messages"), reply.body());
  }

  @Test
  void temperatureOfTheWrongTypeIs400NamingTheField() {
    GatewayFixture.Reply reply = gw.postChat(TENANT_KEY, chat("demo", "hi", Map.of("temperature", "hot")));
    assertOpenAiError(reply, 400, "invalid_request", "temperature");
  }

  @Test
  void temperatureOutOfRangeIs400NamingTheField() {
    GatewayFixture.Reply reply = gw.postChat(TENANT_KEY, chat("demo", "hi", Map.of("temperature", 7)));
    assertOpenAiError(reply, 400, "invalid_request", "temperature");
  }

  @Test
  void badMessageRoleNamesTheNestedField() {
    String body = "{\"model\":\"demo\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"robot\",\"content\":\"b\"}]}";
    assertOpenAiError(gw.postChat(TENANT_KEY, body), 400, "invalid_request", "messages[1].role");
  }

  @Test
  void unknownModelIs404() {
    GatewayFixture.Reply reply = gw.postChat(TENANT_KEY, chat("no-such-model", "hi"));
    JsonNode error = assertOpenAiError(reply, 404, "model_not_found", "model");
    assertTrue(error.path("message").asText().contains("no-such-model"), reply.body());
  }

  @Test
  void modelNotAllowedForTheTenantIs403() {
    GatewayFixture.Reply reply = gw.postChat(TENANT_KEY, chat("restricted", "hi"));
    assertOpenAiError(reply, 403, "model_not_allowed", "model");
  }

  @Test
  void streamedRequestsAreRefusedWithTheSameJsonErrors() {
    GatewayFixture.Reply reply = gw.postChat(TENANT_KEY, chat("restricted", "hi", Map.of("stream", true)));
    assertOpenAiError(reply, 403, "model_not_allowed", "model");
    reply = gw.postChat(TENANT_KEY, chat("nope", "hi", Map.of("stream", true)));
    assertOpenAiError(reply, 404, "model_not_found", "model");
  }

  @Test
  void bodyOverTheLimitIs413() {
    String big = "x".repeat((int) MAX_BODY * 2);
    GatewayFixture.Reply reply = gw.postChat(TENANT_KEY, chat("demo", big));
    JsonNode error = assertOpenAiError(reply, 413, "request_too_large", null);
    assertTrue(error.path("message").asText().contains("max_body_bytes"), reply.body());

    // just under the limit is still served
    String fits = chat("demo", "y".repeat((int) MAX_BODY - 200));
    assertTrue(fits.length() < MAX_BODY);
    assertEquals(200, gw.postChat(TENANT_KEY, fits).status());
  }

  @Test
  void chunkedBodyOverTheLimitIs413() {
    byte[] big = chat("demo", "z".repeat((int) MAX_BODY * 2)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    RequestBody chunked = new RequestBody() {
      @Override
      public okhttp3.MediaType contentType() {
        return GatewayFixture.JSON;
      }

      @Override
      public long contentLength() {
        return -1; // no content-length: sent with transfer-encoding chunked
      }

      @Override
      public void writeTo(okio.BufferedSink sink) throws java.io.IOException {
        for (int i = 0; i < big.length; i += 512) {
          sink.write(big, i, Math.min(512, big.length - i));
          sink.flush();
        }
      }
    };
    GatewayFixture.Reply reply = gw.send(gw.request("/v1/chat/completions").post(chunked)
        .header("Authorization", "Bearer " + TENANT_KEY).build());
    assertOpenAiError(reply, 413, "request_too_large", null);
  }

  @Test
  void unknownPathIs404InOpenAiShape() {
    assertOpenAiError(gw.get("/no/such/path", null), 404, "not_found", null);
    assertOpenAiError(gw.get("/v1/no-such-endpoint", TENANT_KEY), 404, "not_found", null);
  }

  @Test
  void wrongMethodIsAnOpenAiError() {
    GatewayFixture.Reply reply = gw.send(gw.request("/healthz").post(RequestBody.create("", null)).build());
    assertTrue(reply.status() == 404 || reply.status() == 405, reply.toString());
    assertOpenAiError(reply, reply.status(), reply.status() == 405 ? "method_not_allowed" : "not_found", null);
  }

  @Test
  void noErrorBodyEverShowsAStackTrace() {
    String[] bodies = {"", "null", "{", "{\"model\":1,\"messages\":[]}", "{\"model\":\"demo\",\"messages\":\"hi\"}",
        "{\"model\":\"demo\",\"messages\":[{\"role\":\"user\"}]}", "{\"model\":\"demo\",\"messages\":[null]}",
        "{\"model\":\"demo\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"}],\"tools\":[{\"type\":\"x\"}]}",
        "{\"model\":\"demo\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"}],\"stream\":\"yes\"}",
        "\u0000\u0001binary"};
    for (String body : bodies) {
      GatewayFixture.Reply reply = gw.postChat(TENANT_KEY, body);
      assertEquals(400, reply.status(), () -> body + " -> " + reply.body());
      assertNoStackTrace(reply.body());
      assertOpenAiError(reply, 400, reply.json().path("error").path("code").asText(),
          reply.json().path("error").path("param").isNull() ? null : reply.json().path("error").path("param").asText());
    }
  }
}
