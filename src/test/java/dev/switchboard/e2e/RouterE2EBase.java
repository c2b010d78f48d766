package dev.switchboard.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.switchboard.e2e.GatewayFixture.TENANT_KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real upstream processes (WireMock servers on 127.0.0.1), a closed port, and a gateway routing across them
 * with the model groups below; the router's end-to-end tests extend this.
 */
abstract class RouterE2EBase {
  static final String ADMIN_KEY = "adm-test-key-4242";

  @TempDir
  Path dir;
  WireMockServer a;
  WireMockServer b;
  GatewayFixture gw;

  @BeforeEach
  void upstreams() {
    a = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    b = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    a.start();
    b.start();
    for (WireMockServer wm : List.of(a, b)) {
      wm.stubFor(get(urlEqualTo("/v1/models")).willReturn(okJson("{\"object\":\"list\",\"data\":[]}")));
    }
  }

  @AfterEach
  void stop() {
    if (gw != null) {
      GatewayFixture.assertNoneContains(gw.seen(), Upstream.SECRET);
      gw.close();
    }
    a.stop();
    b.stop();
  }

  /** Starts the gateway with both upstreams; {@code routing} is the routing section's body. */
  void start(String routing) {
    gw = GatewayFixture.start(dir, """
        admin: { key: "%s" }
        providers:
          a: { type: openai, base_url: "http://127.0.0.1:%d/v1", api_key: "%s" }
          b: { type: openai, base_url: "http://127.0.0.1:%d/v1", api_key: "%s" }
          dead: { type: openai, base_url: "http://127.0.0.1:%d/v1", api_key: "%s" }
        models:
          duo: { strategy: round_robin, deployments: [ { provider: a, model: m }, { provider: b, model: m } ] }
          trio: { deployments: [ { provider: a, model: m, weight: 3 }, { provider: b, model: m, weight: 2 }, { provider: dead, model: m, weight: 1 } ] }
          primary: { deployments: [ { provider: a, model: m } ], fallbacks: [ backup ] }
          backup: { deployments: [ { provider: b, model: big } ] }
          short: { deployments: [ { provider: a, model: m } ], context_fallbacks: [ backup ] }
          first-a: { deployments: [ { provider: a, model: m, weight: 1 }, { provider: b, model: m, weight: 0 } ] }
        routing: %s
        tenants:
          test: { keys: [ { id: t1, key: "%s" } ], models: [ "*" ] }
        """.formatted(ADMIN_KEY, a.port(), Upstream.SECRET, b.port(), Upstream.SECRET, Upstream.closedPort(),
        Upstream.SECRET, routing, TENANT_KEY));
  }

  static final String NO_ACTIVE_CHECKS = "{ max_attempts: 3, attempt_timeout_ms: 5000, health: { active: { enabled: false },"
      + " passive: { consecutive_failures: 2, base_ejection_ms: 60000, max_ejection_ms: 600000 } } }";

  static void answer(WireMockServer wm, ResponseDefinitionBuilder response) {
    wm.stubFor(Upstream.chatFor("m").willReturn(response));
  }

  static int chatHits(WireMockServer wm) {
    return wm.countRequestsMatching(postRequestedFor(urlEqualTo(Upstream.PATH)).build()).getCount();
  }

  JsonNode upstreamsView() {
    GatewayFixture.Reply reply = gw.get("/admin/upstreams", ADMIN_KEY);
    assertEquals(200, reply.status(), reply.body());
    return reply.json();
  }

  static JsonNode deployment(JsonNode view, String id) {
    for (JsonNode u : view.path("upstreams")) {
      if (u.path("deployment").asText().equals(id)) {
        return u;
      }
    }
    throw new AssertionError("no " + id + " in " + view);
  }
}
