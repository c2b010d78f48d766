package dev.switchboard.provider.vertex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.config.ConfigException;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.ConfigProblem;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.config.ProviderConfig;
import dev.switchboard.provider.ProviderRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code type: vertex} entries: what is required, and each problem at its key path, found by {@code validate}. */
class VertexConfigTest {
  private static final String MODELS = """
      models:
        flash: { deployments: [ { provider: gcp, model: gemini-2.5-flash } ] }
      """;

  @TempDir
  Path dir;

  private static ConfigLoader loader(Map<String, String> env) {
    return new ConfigLoader(ProviderRegistry.builtIn(), env::get);
  }

  private static List<String> problems(String provider) {
    ConfigException e = assertThrows(ConfigException.class,
        () -> loader(Map.of()).parse("providers:\n  gcp: " + provider + "\n" + MODELS));
    return e.problems().stream().map(ConfigProblem::toString).toList();
  }

  private String yamlPath(Path file) {
    return file.toAbsolutePath().toString().replace("\\", "/");
  }

  @Test
  void aServiceAccountKeyFileLoadsWithTheCatalogsModels() {
    Path key = ServiceAccountKeys.write(dir, "key.json", "https://oauth2.googleapis.com/token");
    GatewayConfig c = loader(Map.of("GCP_KEY", yamlPath(key))).parse("""
        providers:
          gcp: { type: vertex, project: my-project, location: us-central1, credentials_file: "${GCP_KEY}" }
        """ + MODELS).config();
    ProviderConfig p = c.providers().get("gcp");
    assertEquals("my-project", p.option("project", null));
    assertEquals("us-central1", p.option("location", null));
    assertEquals("https://us-central1-aiplatform.googleapis.com", VertexEndpoints.host(p));
    assertTrue(ProviderRegistry.builtIn().catalog().entry("vertex").isPresent());
  }

  @Test
  void withoutAKeyFileTheApplicationDefaultCredentialsAreUsed() {
    GatewayConfig c = loader(Map.of()).parse("""
        providers:
          gcp: { type: vertex, project: my-project, location: global }
        """ + MODELS).config();
    assertEquals(null, c.providers().get("gcp").option("credentials_file", null));
  }

  @Test
  void projectAndLocationAreRequired() {
    assertEquals(List.of(
        "providers.gcp.project: required for type vertex (the Google Cloud project id)",
        "providers.gcp.location: required for type vertex (a region such as us-central1, or global)"),
        problems("{ type: vertex }"));
  }

  @Test
  void malformedValuesAreRefusedAtTheirKeys() {
    assertEquals(List.of(
        "providers.gcp.project: expected a Google Cloud project id such as my-project-123, was 'My Project/1'",
        "providers.gcp.location: expected a region such as us-central1 or global, was 'US Central'",
        "providers.gcp.publisher: must be google or anthropic, was 'meta'",
        "providers.gcp.api_key: not used by type vertex: it authenticates with credentials_file or the "
            + "application-default credentials"),
        problems("{ type: vertex, project: 'My Project/1', location: 'US Central', publisher: meta, api_key: k-123 }"));
  }

  @Test
  void aMissingKeyFileIsReportedByValidate() {
    List<String> found = problems("{ type: vertex, project: my-project, location: us-central1, credentials_file: "
        + "\"" + yamlPath(dir.resolve("missing.json")) + "\" }");
    assertEquals(1, found.size(), found::toString);
    assertTrue(found.get(0).startsWith("providers.gcp.credentials_file: cannot read ") && found.get(0).contains(
        "missing.json"), found::toString);
  }

  @Test
  void aFileThatIsNotAServiceAccountKeyIsRefused() throws IOException {
    Path user = Files.writeString(dir.resolve("user.json"), "{\"type\":\"authorized_user\",\"client_id\":\"x\"}");
    Path text = Files.writeString(dir.resolve("notes.txt"), "not json at all");
    Path badKey = Files.writeString(dir.resolve("bad.json"), "{\"type\":\"service_account\",\"client_email\":"
        + "\"a@b.iam.gserviceaccount.com\",\"private_key\":\"-----BEGIN PRIVATE KEY-----\\nAAAA\\n-----END PRIVATE KEY-----\\n\"}");

    String base = "{ type: vertex, project: my-project, location: us-central1, credentials_file: \"%s\" }";
    assertTrue(problems(base.formatted(yamlPath(user))).get(0).endsWith(
        "is not a service-account key (its \"type\" must be \"service_account\")"));
    assertTrue(problems(base.formatted(yamlPath(text))).get(0).endsWith(
        "is not JSON: expected a service-account key file downloaded from Google Cloud"));
    String bad = problems(base.formatted(yamlPath(badKey))).get(0);
    assertTrue(bad.contains("check its private_key"), bad);
    assertFalse(bad.contains("AAAA"), "never quotes the key: " + bad);
  }
}
