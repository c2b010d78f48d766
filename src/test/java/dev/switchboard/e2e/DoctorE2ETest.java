package dev.switchboard.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code switchboard doctor [--json]} run through {@code Main.run} against a WireMock upstream on 127.0.0.1
 * (plain HTTP and HTTPS with WireMock's self-signed certificate), a closed port and the mock provider.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DoctorE2ETest {
  /** The key WireMock accepts; must never be printed. */
  private static final String GOOD_KEY = "sk-doctor-good-canary-4f9d2e7a1c";
  /** A configured key without a key-like prefix, echoed back by the upstream's 401; must never be printed. */
  private static final String WRONG_KEY = "canary0WRONG0key0do0not0print";
  private static final String MODEL = Upstream.UPSTREAM_MODEL;

  @TempDir
  Path dir;
  private WireMockServer wm;
  private int closedPort;

  @BeforeAll
  void startUpstream() {
    wm = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().dynamicHttpsPort());
    wm.start();
    wm.stubFor(get(urlEqualTo("/v1/models")).atPriority(1)
        .withHeader("Authorization", equalTo("Bearer " + GOOD_KEY))
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
            .withBody(GatewayFixture.resource("openai-models.json"))));
    wm.stubFor(get(urlEqualTo("/v1/models")).atPriority(5)
        .willReturn(Upstream.error(401, "invalid_request_error", "invalid_api_key", null,
            "Incorrect API key provided: " + WRONG_KEY + ". You can find your API key at "
                + "https://platform.openai.com/account/api-keys.")));
    wm.stubFor(Upstream.chatFor(MODEL).willReturn(Upstream.completion()));
    wm.stubFor(Upstream.chatFor("gpt-nope").willReturn(Upstream.error(404, "invalid_request_error",
        "model_not_found", null, "The model `gpt-nope` does not exist or you do not have access to it.")));
    wm.stubFor(get(urlEqualTo("/busy/v1/models")).willReturn(Upstream.error(429, "requests", "rate_limit_exceeded",
        null, "Rate limit reached for requests").withHeader("Retry-After", "7")));
    wm.stubFor(get(urlEqualTo("/broken/v1/models")).willReturn(Upstream.error(503, "server_error", null, null,
        "The server is overloaded or not ready yet.")));
    closedPort = Upstream.closedPort();
  }

  @AfterAll
  void stopUpstream() {
    wm.stop();
  }

  private String providers() {
    return """
        providers:
          good: { type: openai, base_url: "http://127.0.0.1:%1$d/v1", api_key: "%3$s" }
          badkey: { type: openai, base_url: "http://127.0.0.1:%1$d/v1", api_key: "%4$s" }
          dead: { type: openai, base_url: "http://127.0.0.1:%5$d/v1", api_key: "%3$s", connect_timeout_ms: 2000 }
          selfsigned: { type: openai, base_url: "https://127.0.0.1:%2$d/v1", api_key: "%3$s" }
          busy: { type: openai, base_url: "http://127.0.0.1:%1$d/busy/v1", api_key: "%3$s" }
          broken: { type: openai, base_url: "http://127.0.0.1:%1$d/broken/v1", api_key: "%3$s" }
          nov1: { type: openai, base_url: "http://127.0.0.1:%1$d", api_key: "%3$s" }
          local: { type: mock }
        """.formatted(wm.port(), wm.httpsPort(), GOOD_KEY, WRONG_KEY, closedPort);
  }

  private Path config(String name, String models) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, GatewayFixture.config(dir, 4096, providers() + models + """
        tenants:
          t: { keys: [ { id: k, key: "sk-test-tenant-key-0001" } ], models: [ "*" ] }
        """));
    return file;
  }

  private static final String EVERYTHING = """
      models:
        gpt: { deployments: [ { provider: good, model: %1$s } ] }
        gpt-copy: { deployments: [ { provider: local, model: mock-1 }, { provider: good, model: %1$s } ] }
        wrong-key: { deployments: [ { provider: badkey, model: %1$s } ] }
        wrong-model: { deployments: [ { provider: good, model: gpt-nope } ] }
        refused: { deployments: [ { provider: dead, model: gone } ] }
        tls-broken: { deployments: [ { provider: selfsigned, model: %1$s } ] }
        demo: { deployments: [ { provider: local, model: mock-1 } ] }
        limited: { deployments: [ { provider: busy, model: %1$s } ] }
        failing: { deployments: [ { provider: broken, model: %1$s } ] }
        no-v1: { deployments: [ { provider: nov1, model: %1$s } ] }
      """.formatted(MODEL);

  private ValidateCommandE2ETest.Run doctor(Path config, boolean json) throws Exception {
    List<String> args = new ArrayList<>(List.of("doctor", "--config", config.toString()));
    if (json) {
      args.add("--json");
    }
    ValidateCommandE2ETest.Run run = ValidateCommandE2ETest.run(Map.of(), args.toArray(String[]::new));
    for (String text : List.of(run.out(), run.err())) {
      assertFalse(text.contains(GOOD_KEY), () -> "the good key was printed:\n" + text);
      assertFalse(text.contains(WRONG_KEY), () -> "the wrong key was printed:\n" + text);
      GatewayFixture.assertNoStackTrace(text);
    }
    return run;
  }

  private static JsonNode deployment(JsonNode report, String id) {
    for (JsonNode d : report.path("deployments")) {
      if (d.path("deployment").asText().equals(id)) {
        return d;
      }
    }
    throw new AssertionError("no deployment " + id + " in " + report.toPrettyString());
  }

  private static List<String> stepNames(JsonNode deployment) {
    List<String> names = new ArrayList<>();
    deployment.path("steps").forEach(s -> names.add(s.path("name").asText() + ":" + s.path("status").asText()));
    return names;
  }

  private static JsonNode step(JsonNode deployment, String name) {
    for (JsonNode s : deployment.path("steps")) {
      if (s.path("name").asText().equals(name)) {
        return s;
      }
    }
    throw new AssertionError("no step " + name + " in " + deployment.toPrettyString());
  }

  @Test
  void jsonReportClassifiesEveryDeployment() throws Exception {
    ValidateCommandE2ETest.Run run = doctor(config("all.yaml", EVERYTHING), true);

    assertEquals(1, run.exit(), run.toString());
    JsonNode report = GatewayFixture.parse(run.out());
    assertEquals(9, report.path("deployments").size(), report::toPrettyString);
    assertEquals(2, report.path("passed").asInt(), report::toPrettyString);
    assertEquals(7, report.path("failed").asInt(), report::toPrettyString);

    JsonNode good = deployment(report, "good/" + MODEL);
    assertTrue(good.path("ok").asBoolean(), good::toPrettyString);
    assertEquals(List.of("gpt", "gpt-copy"), List.of(good.path("groups").get(0).asText(),
        good.path("groups").get(1).asText()), "one check, listed with both groups");
    assertEquals(List.of("dns:ok", "tcp:ok", "tls:skipped", "http:ok", "auth:ok", "completion:ok"), stepNames(good));
    assertTrue(good.path("failed_step").isNull() && good.path("reason").isNull() && good.path("fix").isNull());
    assertTrue(step(good, "http").path("detail").asText().contains("HTTP 404"), good::toPrettyString);
    assertTrue(step(good, "auth").path("detail").asText().contains("GET /v1/models answered HTTP 200"));
    assertTrue(step(good, "completion").path("detail").asText().contains("answered HTTP 200, served by " + MODEL),
        good::toPrettyString);
    assertTrue(step(good, "tcp").path("ms").isIntegralNumber());

    JsonNode refused = deployment(report, "dead/gone");
    assertFalse(refused.path("ok").asBoolean());
    assertEquals("tcp", refused.path("failed_step").asText(), refused::toPrettyString);
    assertEquals("connect_refused", refused.path("reason").asText());
    assertTrue(step(refused, "tcp").path("detail").asText().contains("127.0.0.1:" + closedPort + " refused"),
        refused::toPrettyString);
    assertTrue(refused.path("fix").asText().contains("listening on port " + closedPort), refused::toPrettyString);
    assertEquals(List.of("dns:ok", "tcp:fail"), stepNames(refused), "the walk stops at the first failure");

    JsonNode tls = deployment(report, "selfsigned/" + MODEL);
    assertEquals("tls", tls.path("failed_step").asText(), tls::toPrettyString);
    assertEquals("tls_error", tls.path("reason").asText());
    String tlsDetail = step(tls, "tls").path("detail").asText();
    assertTrue(tlsDetail.contains("untrusted issuer") && tlsDetail.contains("self-signed"), tlsDetail);
    assertTrue(tls.path("fix").asText().contains("-Djavax.net.ssl.trustStore"), tls::toPrettyString);

    JsonNode badKey = deployment(report, "badkey/" + MODEL);
    assertEquals("auth", badKey.path("failed_step").asText(), badKey::toPrettyString);
    assertEquals("auth_rejected", badKey.path("reason").asText());
    assertTrue(step(badKey, "auth").path("detail").asText().contains("HTTP 401: Incorrect API key provided: ***"),
        badKey::toPrettyString);
    assertTrue(badKey.path("fix").asText().contains("providers.badkey.api_key"), badKey::toPrettyString);

    JsonNode wrongModel = deployment(report, "good/gpt-nope");
    assertEquals("completion", wrongModel.path("failed_step").asText(), wrongModel::toPrettyString);
    assertEquals("health_check_failed", wrongModel.path("reason").asText());
    assertTrue(step(wrongModel, "completion").path("detail").asText().contains("does not exist"));
    String fix = wrongModel.path("fix").asText();
    assertTrue(fix.contains("models.wrong-model.deployments[0].model"), fix);
    assertTrue(fix.contains("the server lists: " + MODEL), fix);

    JsonNode limited = deployment(report, "busy/" + MODEL);
    assertEquals("auth", limited.path("failed_step").asText(), limited::toPrettyString);
    assertEquals("rate_limited", limited.path("reason").asText());
    assertTrue(limited.path("fix").asText().contains("retry after 7 s"), limited::toPrettyString);

    JsonNode failing = deployment(report, "broken/" + MODEL);
    assertEquals("auth", failing.path("failed_step").asText(), failing::toPrettyString);
    assertEquals("upstream_5xx", failing.path("reason").asText());
    assertTrue(step(failing, "auth").path("detail").asText().contains("HTTP 503: The server is overloaded"),
        failing::toPrettyString);

    JsonNode noV1 = deployment(report, "nov1/" + MODEL);
    assertEquals("auth", noV1.path("failed_step").asText(), noV1::toPrettyString);
    assertEquals("health_check_failed", noV1.path("reason").asText());
    assertTrue(step(noV1, "auth").path("detail").asText().startsWith("GET /models: HTTP 404"), noV1::toPrettyString);
    assertTrue(noV1.path("fix").asText().contains("providers.nov1.base_url (an OpenAI-compatible base URL ends in /v1)"),
        noV1::toPrettyString);

    JsonNode mock = deployment(report, "local/mock-1");
    assertTrue(mock.path("ok").asBoolean(), mock::toPrettyString);
    assertEquals(List.of("gpt-copy", "demo"), List.of(mock.path("groups").get(0).asText(),
        mock.path("groups").get(1).asText()));
    assertEquals(List.of("dns:skipped", "tcp:skipped", "tls:skipped", "http:skipped", "auth:ok", "completion:ok"),
        stepNames(mock));
    assertTrue(step(mock, "dns").path("detail").asText().contains("in-process"), mock::toPrettyString);
  }

  @Test
  void textReportNamesTheFailingStepAndTheFix() throws Exception {
    ValidateCommandE2ETest.Run run = doctor(config("text.yaml", EVERYTHING), false);

    assertEquals(1, run.exit(), run.toString());
    String out = run.out();
    assertTrue(out.contains("PASS  good/" + MODEL), out);
    assertTrue(out.contains("FAIL  dead/gone"), out);
    assertTrue(out.contains("failed at tcp: connect_refused"), out);
    assertTrue(out.contains("failed at auth: auth_rejected"), out);
    assertTrue(out.contains("failed at tls: tls_error"), out);
    assertTrue(out.contains("failed at completion: health_check_failed"), out);
    assertTrue(out.contains("  try: nothing accepts connections on 127.0.0.1:" + closedPort), out);
    assertTrue(out.contains("2 passed, 7 failed"), out);
    assertEquals("", run.err());
  }

  @Test
  void exitsZeroWhenEveryDeploymentPasses() throws Exception {
    Path file = config("healthy.yaml", """
        models:
          gpt: { deployments: [ { provider: good, model: %s } ] }
          demo: { deployments: [ { provider: local, model: mock-1 } ] }
        """.formatted(MODEL));

    ValidateCommandE2ETest.Run json = doctor(file, true);
    assertEquals(0, json.exit(), json.toString());
    JsonNode report = GatewayFixture.parse(json.out());
    assertEquals(2, report.path("passed").asInt());
    assertEquals(0, report.path("failed").asInt());

    ValidateCommandE2ETest.Run text = doctor(file, false);
    assertEquals(0, text.exit(), text.toString());
    assertTrue(text.out().contains("2 passed, 0 failed"), text.out());
  }

  @Test
  void usageAndConfigErrors() throws Exception {
    ValidateCommandE2ETest.Run jsonWithoutDoctor = ValidateCommandE2ETest.run(Map.of(), "validate", "--json");
    assertEquals(2, jsonWithoutDoctor.exit(), jsonWithoutDoctor.toString());
    assertTrue(jsonWithoutDoctor.err().contains("--json is only valid with doctor"), jsonWithoutDoctor.err());

    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, GatewayFixture.config(dir, 4096, providers() + """
        models:
          gpt: { deployments: [ { provider: goood, model: x } ] }
        """));
    ValidateCommandE2ETest.Run broken = doctor(bad, true);
    assertEquals(1, broken.exit(), broken.toString());
    assertTrue(broken.err().contains("models.gpt.deployments[0].provider"), broken.err());
    assertEquals("", broken.out());
  }
}
