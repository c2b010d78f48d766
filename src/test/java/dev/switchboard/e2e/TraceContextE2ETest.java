package dev.switchboard.e2e;

import static dev.switchboard.e2e.GatewayFixture.TENANT_KEY;
import static dev.switchboard.e2e.GatewayFixture.chat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The W3C trace context travels from the caller through the gateway to the upstream; a bad one is replaced. */
class TraceContextE2ETest {
  static final String PARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  @TempDir
  Path dir;
  Upstream upstream;
  GatewayFixture gw;

  @BeforeEach
  void start() {
    upstream = new Upstream();
    upstream.wm.stubFor(Upstream.chatFor(Upstream.UPSTREAM_MODEL).willReturn(Upstream.completion()));
    gw = GatewayFixture.start(dir, upstream.sections(30_000));
  }

  @AfterEach
  void stop() {
    gw.close();
    upstream.close();
  }

  String forwarded(String traceparent, String tracestate) {
    okhttp3.Request.Builder b = gw.chatRequest(TENANT_KEY, chat("gpt-test", "hi"));
    if (traceparent != null) {
      b.header("traceparent", traceparent);
    }
    if (tracestate != null) {
      b.header("tracestate", tracestate);
    }
    assertEquals(200, gw.send(b.build()).status());
    List<LoggedRequest> seen = upstream.wm.findAll(Upstream.chatCalls());
    LoggedRequest last = seen.get(seen.size() - 1);
    return last.getHeader("traceparent") + "|" + last.getHeader("tracestate");
  }

  @Test
  void theCallersTraceContextReachesTheUpstream() {
    assertEquals(PARENT + "|congo=t61rcWkgMzE", forwarded(PARENT, "congo=t61rcWkgMzE"));
  }

  @Test
  void withoutOneOrWithABrokenOneTheGatewayStartsATrace() {
    String made = forwarded(null, null).split("\\|")[0];
    assertTrue(made.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01"), made);
    String replaced = forwarded("00-garbage", "x=y").split("\\|")[0];
    assertTrue(replaced.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01"), replaced);
    assertNotEquals(made, replaced, "each request gets its own trace");
    assertEquals("null", forwarded("00-00000000000000000000000000000000-00f067aa0ba902b7-01", "x=y").split("\\|")[1],
        "an all-zero trace id is invalid: a new trace, and the caller's tracestate is dropped with it");
  }
}
