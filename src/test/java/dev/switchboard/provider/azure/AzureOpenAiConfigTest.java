package dev.switchboard.provider.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.switchboard.config.ConfigException;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.ConfigProblem;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.config.ProviderConfig;
import dev.switchboard.provider.ProviderRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code type: azure-openai} entries: what is required, and each problem at its key path. */
class AzureOpenAiConfigTest {
  private static final String MODELS = """
      models:
        gpt-4o: { deployments: [ { provider: azure-east, model: gpt-4o-prod } ] }
      """;

  private static ConfigLoader loader(Map<String, String> env) {
    return new ConfigLoader(ProviderRegistry.builtIn(), env::get);
  }

  private static List<String> problems(String provider) {
    ConfigException e = assertThrows(ConfigException.class,
        () -> loader(Map.of()).parse("providers:\n  azure-east: " + provider + "\n" + MODELS));
    return e.problems().stream().map(ConfigProblem::toString).toList();
  }

  @Test
  void theContractsExampleLoads() {
    GatewayConfig c = loader(Map.of("AZURE_KEY", "0123456789abcdef")).parse("""
        providers:
          azure-east: { type: azure-openai, base_url: https://east.openai.azure.com/, api_key: ${AZURE_KEY}, api_version: 2024-10-21 }
        """ + MODELS).config();
    ProviderConfig p = c.providers().get("azure-east");
    assertEquals("https://east.openai.azure.com", p.baseUrl());
    assertEquals("2024-10-21", p.option("api_version", null));
    assertEquals("0123456789abcdef", p.apiKey());
  }

  @Test
  void anEntraIdTokenReplacesTheKey() {
    GatewayConfig c = loader(Map.of("AZURE_AD_TOKEN", "eyJ0.token")).parse("""
        providers:
          azure-east: { type: azure-openai, base_url: https://east.openai.azure.com, azure_ad_token: "${AZURE_AD_TOKEN}", api_version: 2025-04-01-preview }
        """ + MODELS).config();
    assertEquals("eyJ0.token", c.providers().get("azure-east").option("azure_ad_token", null));
  }

  @Test
  void baseUrlApiVersionAndACredentialAreRequired() {
    assertEquals(List.of(
        "providers.azure-east.base_url: required for type azure-openai (the resource root, e.g. https://<resource>.openai.azure.com)",
        "providers.azure-east.api_version: required for type azure-openai (e.g. 2024-10-21)",
        "providers.azure-east.api_key: required for type azure-openai unless azure_ad_token is set"),
        problems("{ type: azure-openai }"));
  }

  @Test
  void aMalformedApiVersionAndTwoCredentialsAreRefused() {
    assertEquals(List.of(
        "providers.azure-east.api_version: expected an Azure OpenAI API version such as 2024-10-21 or "
            + "2025-04-01-preview, was 'latest'",
        "providers.azure-east.azure_ad_token: set either api_key or azure_ad_token, not both"),
        problems("{ type: azure-openai, base_url: https://east.openai.azure.com, api_key: k0123456789, "
            + "azure_ad_token: t0123456789, api_version: latest }"));
  }

  @Test
  void aBaseUrlEndingInOpenaiIsRefused() {
    assertEquals(List.of("providers.azure-east.base_url: must be the resource root without /openai "
            + "(e.g. https://<resource>.openai.azure.com): the gateway adds /openai/deployments/<deployment>"),
        problems("{ type: azure-openai, base_url: https://east.openai.azure.com/openai/, api_key: k0123456789, "
            + "api_version: 2024-10-21 }"));
  }

  @Test
  void openAiOnlyKeysAreUnknownForAzure() {
    assertEquals(List.of("providers.azure-east.organization: unknown key (expected one of api_key, api_version, "
            + "azure_ad_token, base_url, connect_timeout_ms, http2, max_connections, timeout_ms, type)"),
        problems("{ type: azure-openai, base_url: https://east.openai.azure.com, api_key: k0123456789, "
            + "api_version: 2024-10-21, organization: org-1 }"));
  }
}
