package dev.switchboard.provider.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.config.ConfigException;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.ConfigProblem;
import dev.switchboard.config.ProviderConfig;
import dev.switchboard.provider.ProviderRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code type: anthropic} in the configuration: defaults from the catalog, and the checks {@code validate} runs. */
class AnthropicProviderFactoryTest {

  private static String config(String provider) {
    return """
        providers:
          claude: %s
        models:
          sonnet: { deployments: [ { provider: claude, model: claude-sonnet-4-5 } ] }
        """.formatted(provider);
  }

  private static ConfigLoader loader() {
    return new ConfigLoader(ProviderRegistry.builtIn(), name -> null);
  }

  private static List<String> problems(String provider) {
    ConfigException e = assertThrows(ConfigException.class, () -> loader().parse(config(provider)));
    return e.problems().stream().map(ConfigProblem::toString).toList();
  }

  @Test
  void theCatalogGivesTheBaseUrlAndVersionIsTheOnlyOption() {
    ProviderConfig claude = loader().parse(config("{ type: anthropic, api_key: sk-ant-x, version: 2023-06-01 }"))
        .config().providers().get("claude");
    assertEquals("https://api.anthropic.com", claude.baseUrl());
    assertEquals("2023-06-01", claude.option("version", null));
    String unknown = problems("{ type: anthropic, organization: org-1 }").get(0);
    assertTrue(unknown.startsWith("providers.claude.organization: unknown key") && unknown.contains("version"), unknown);
  }

  @Test
  void aVersionThatIsNotADateAndABaseUrlEndingInV1AreRefused() {
    assertEquals(List.of("providers.claude.version: must be an API version date such as 2023-06-01, was 'latest'"),
        problems("{ type: anthropic, version: latest }"));
    assertEquals(List.of("providers.claude.base_url: must be the host root (e.g. https://api.anthropic.com): the adapter "
        + "adds /v1/messages, was 'https://api.anthropic.com/v1'"),
        problems("{ type: anthropic, base_url: \"https://api.anthropic.com/v1/\" }"));
  }
}
