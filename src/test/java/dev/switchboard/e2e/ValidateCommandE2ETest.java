package dev.switchboard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code switchboard validate --config PATH}: exit status and the problems printed, as an operator sees them. */
class ValidateCommandE2ETest {
  @TempDir
  Path dir;

  /** What one run of the command line printed and returned. */
  record Run(int exit, String out, String err) {}

  /** Calls {@code Main.run(args, env, out, err)}, the command line without {@code System.exit}. */
  static Run run(Map<String, String> env, String... args) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Function<String, String> lookup = env::get;
    int exit;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
         PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      exit = Main.run(args, lookup, o, e);
    }
    return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private Path write(String name, String yaml) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, yaml);
    return file;
  }

  @Test
  void goodConfigExitsZero() throws Exception {
    Path file = write("good.yaml", GatewayFixture.config(dir, 4096, """
        providers:
          azure-east: { type: openai, base_url: "https://east.example.com/v1", api_key: "${EAST_KEY}" }
          local: { type: mock }
        models:
          gpt: { deployments: [ { provider: azure-east, model: gpt-4o } ] }
          demo: { deployments: [ { provider: local, model: mock-1 } ] }
        tenants:
          acme: { keys: [ { id: ci, key: "sk-test-tenant-key-0001" } ], models: [ gpt, demo ] }
        """));

    Run result = run(Map.of("EAST_KEY", "sk-east-not-a-real-key"), "validate", "--config", file.toString());

    assertEquals(0, result.exit(), result.toString());
    assertTrue(result.out().contains("OK"), result.out());
    assertTrue(result.out().contains("2 providers") && result.out().contains("2 models"), result.out());
    assertEquals("", result.err());
    assertFalse(result.out().contains("sk-east-not-a-real-key"));
  }

  @Test
  void misspelledProviderExitsOneNamingTheKeyPath() throws Exception {
    Path file = write("bad.yaml", GatewayFixture.config(dir, 4096, """
        providers:
          azure-east: { type: openai, base_url: "https://east.example.com/v1", api_key: "sk-east-not-a-real-key" }
        models:
          gpt: { deployments: [ { provider: azure-eest, model: gpt-4o } ] }
        tenants:
          acme: { keys: [ { id: ci, key: "sk-test-tenant-key-0001" } ], models: [ gpt ] }
        """));

    Run result = run(Map.of(), "validate", "--config", file.toString());

    assertEquals(1, result.exit(), result.toString());
    assertTrue(result.err().contains("models.gpt.deployments[0].provider: unknown provider 'azure-eest'"), result.err());
    assertFalse(result.out().contains("OK"), result.out());
    GatewayFixture.assertNoStackTrace(result.err());
  }

  @Test
  void everyProblemIsListedNotJustTheFirst() throws Exception {
    Path file = write("worse.yaml", GatewayFixture.config(dir, 4096, """
        providers:
          up: { type: openai, base_url: "ftp://nope" }
        models:
          gpt:
            strategy: fastest
            deployments: [ { provider: missing, model: gpt-4o } ]
        routing: { max_attempts: 0 }
        tenants:
          acme: { keys: [ { id: ci, key: "short" } ], models: [ gpt, nope ] }
        """));

    Run result = run(Map.of(), "validate", "--config", file.toString());

    assertEquals(1, result.exit(), result.toString());
    for (String path : new String[] {"providers.up.base_url", "models.gpt.strategy",
        "models.gpt.deployments[0].provider", "routing.max_attempts", "tenants.acme.keys[0].key",
        "tenants.acme.models[1]"}) {
      assertTrue(result.err().contains(path + ": "), () -> "missing " + path + " in:\n" + result.err());
    }
  }

  @Test
  void missingFileAndUnreadableYamlExitOne() throws Exception {
    Run missing = run(Map.of(), "validate", "--config", dir.resolve("absent.yaml").toString());
    assertEquals(1, missing.exit(), missing.toString());
    assertTrue(missing.err().contains("absent.yaml"), missing.err());

    Run broken = run(Map.of(), "validate", "--config", write("broken.yaml", "models: [ unclosed\n").toString());
    assertEquals(1, broken.exit(), broken.toString());
    assertTrue(broken.err().contains("YAML"), broken.err());
  }

  @Test
  void configPathFromTheEnvironment() throws Exception {
    Path file = write("env.yaml", GatewayFixture.config(dir, 4096, GatewayFixture.MOCK_SECTIONS));
    Run result = run(Map.of("SWITCHBOARD_CONFIG", file.toString()), "validate");
    assertEquals(0, result.exit(), result.toString());
  }
}
