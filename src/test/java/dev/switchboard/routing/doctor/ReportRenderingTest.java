package dev.switchboard.routing.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.api.Json;
import dev.switchboard.config.ProviderConfig;
import dev.switchboard.provider.FailureClass;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The text and JSON renderings of a report: layout, warnings, failures, and secrets masked. */
class ReportRenderingTest {
  private static final String CONFIGURED_SECRET = "plain0secret0value0from0config";
  private static final Redactor REDACTOR = new Redactor(List.of(
      new ProviderConfig("east", "openai", "https://east.example.com/v1", "sk-east-canary-0123456789", 60_000, 5_000, 8,
          Map.of("secret_access_key", CONFIGURED_SECRET, "region", "us-east-1"))));

  private static DoctorReport report() {
    DeploymentReport ok = new DeploymentReport("east/gpt-4o", "east", "gpt-4o", List.of("gpt-4o", "gpt-4o-backup"),
        List.of(StepResult.ok("dns", "east.example.com -> 203.0.113.7").took(3),
            StepResult.ok("tcp", "connected to 203.0.113.7:443 in 20 ms").took(20),
            StepResult.warn("tls", "TLSv1.3, certificate CN=east.example.com ... (5 days left)",
                "renew the certificate before 2026-12-09 10:00 UTC").took(41),
            StepResult.ok("http", "GET /v1 answered HTTP 404").took(60),
            StepResult.ok("auth", "GET /v1/models answered HTTP 200").took(80),
            StepResult.ok("completion", "POST /v1/chat/completions answered HTTP 200").took(300)));
    DeploymentReport failed = new DeploymentReport("east/gpt-4o-mini", "east", "gpt-4o-mini", List.of("mini"),
        List.of(StepResult.ok("dns", "east.example.com -> 203.0.113.7").took(2),
            StepResult.fail("tcp", FailureClass.AUTH_REJECTED, "echoed " + CONFIGURED_SECRET
                + ", sk-east-canary-0123456789 and sk-unknown-4567890123", "check providers.east.api_key").took(9)));
    return new DoctorReport(List.of(ok, failed));
  }

  @Test
  void textShowsEachStepTheFailureAndTheSummary() {
    String text = TextReport.render(report(), REDACTOR);

    assertTrue(text.startsWith("PASS  east/gpt-4o  (provider east, model gpt-4o, serves gpt-4o, gpt-4o-backup)\n"), text);
    assertTrue(text.contains("  warn tls         41 ms  TLSv1.3"), text);
    assertTrue(text.contains("       try: renew the certificate before 2026-12-09 10:00 UTC\n"), text);
    assertTrue(text.contains("FAIL  east/gpt-4o-mini"), text);
    assertTrue(text.contains("  FAIL tcp          9 ms  echoed ***, *** and sk-***"), text);
    assertTrue(text.contains("  failed at tcp: auth_rejected\n  try: check providers.east.api_key\n"), text);
    assertTrue(text.endsWith("1 passed, 1 failed\n"), text);
    assertFalse(text.contains(CONFIGURED_SECRET) || text.contains("canary") || text.contains("unknown"), text);
  }

  @Test
  void jsonHasTheDocumentedShape() throws Exception {
    String json = JsonReport.render(report(), REDACTOR);
    JsonNode root = Json.MAPPER.readTree(json);

    assertEquals(1, root.path("passed").asInt());
    assertEquals(1, root.path("failed").asInt());
    JsonNode ok = root.path("deployments").get(0);
    assertEquals("east/gpt-4o", ok.path("deployment").asText());
    assertEquals("east", ok.path("provider").asText());
    assertEquals("gpt-4o", ok.path("model").asText());
    assertEquals("gpt-4o-backup", ok.path("groups").get(1).asText());
    assertTrue(ok.path("ok").asBoolean());
    assertTrue(ok.path("failed_step").isNull() && ok.path("reason").isNull() && ok.path("fix").isNull(), json);
    JsonNode tls = ok.path("steps").get(2);
    assertEquals("warn", tls.path("status").asText());
    assertEquals(41, tls.path("ms").asLong());
    assertTrue(tls.path("fix").asText().startsWith("renew"), json);

    JsonNode failed = root.path("deployments").get(1);
    assertFalse(failed.path("ok").asBoolean());
    assertEquals("tcp", failed.path("failed_step").asText());
    assertEquals("auth_rejected", failed.path("reason").asText());
    assertEquals("check providers.east.api_key", failed.path("fix").asText());
    assertEquals("fail", failed.path("steps").get(1).path("status").asText());
    assertEquals("echoed ***, *** and sk-***", failed.path("steps").get(1).path("detail").asText());
    assertFalse(json.contains(CONFIGURED_SECRET) || json.contains("canary") || json.contains("unknown"), json);
  }
}
