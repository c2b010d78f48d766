package dev.switchboard.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.switchboard.e2e.GatewayFixture.TENANT_KEY;
import static dev.switchboard.e2e.GatewayFixture.chat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code tracing.otlp_endpoint}, each request is a server span under the caller's trace and each upstream
 * attempt a client span under it; the upstream sees the attempt's {@code traceparent}; spans reach the collector
 * over OTLP/HTTP (a WireMock collector here, reading the protobuf bytes for the ids and names).
 */
class TracingE2ETest {
  static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String PARENT = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";

  @TempDir
  Path dir;

  @Test
  void requestsAndAttemptsAreSpansUnderTheCallersTrace() throws Exception {
    try (Upstream upstream = new Upstream()) {
      upstream.wm.stubFor(Upstream.chatFor("up-a").willReturn(Upstream.error(500, "server_error", null, null, "boom")));
      upstream.wm.stubFor(Upstream.chatFor("up-b").willReturn(Upstream.completion()));
      upstream.wm.stubFor(post(urlEqualTo("/v1/traces")).willReturn(aResponse().withStatus(200)));
      String tracing = "tracing: { otlp_endpoint: \"http://127.0.0.1:" + upstream.wm.port() + "/v1/traces\" }\n";
      try (GatewayFixture gw = GatewayFixture.start(dir, tracing + upstream.sections(30_000))) {
        GatewayFixture.Reply reply = gw.send(gw.chatRequest(TENANT_KEY, chat("pair", "hi"))
            .header("traceparent", PARENT).build());
        assertEquals(200, reply.status(), reply.body());
        assertEquals("2", reply.header("x-switchboard-attempts"));

        List<LoggedRequest> attempts = upstream.wm.findAll(Upstream.chatCalls());
        assertEquals(2, attempts.size());
        String first = attempts.get(0).getHeader("traceparent");
        String second = attempts.get(1).getHeader("traceparent");
        assertTrue(first.startsWith("00-" + TRACE_ID + "-") && second.startsWith("00-" + TRACE_ID + "-"), first);
        assertNotEquals(PARENT, first, "the upstream sees the attempt's span, not the caller's");
        assertNotEquals(first, second, "each attempt is a span of its own");

        byte[] exported = new byte[0];
        for (int i = 0; i < 100 && !contains(exported, "attempt up/up-b"); i++) {
          Thread.sleep(100);
          exported = upstream.wm.findAll(postRequestedFor(urlEqualTo("/v1/traces"))).stream()
              .map(LoggedRequest::getBody).reduce(new byte[0], TracingE2ETest::concat);
        }
        assertTrue(contains(exported, "POST /v1/chat/completions"), "the request's server span was exported");
        assertTrue(contains(exported, "attempt up/up-a") && contains(exported, "attempt up/up-b"), "both attempts");
        assertTrue(contains(exported, "upstream_5xx"), "the failed attempt carries its reason class");
        assertTrue(contains(exported, HexFormat.of().parseHex(TRACE_ID)), "under the caller's trace id");
        assertFalse(contains(exported, Upstream.SECRET), "no key in any span");
      }
    }
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  static boolean contains(byte[] haystack, String text) {
    return contains(haystack, text.getBytes(StandardCharsets.UTF_8));
  }

  static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
