package dev.switchboard.provider.bedrock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.config.ConfigException;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.provider.HealthProbe;
import dev.switchboard.provider.Provider;
import dev.switchboard.provider.ProviderRegistry;
import dev.switchboard.provider.UpstreamRequest;
import dev.switchboard.routing.ModelGroup;
import dev.switchboard.routing.ModelGroups;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A deployment's own region: its URL and its SigV4 credential scope name that region, and it has its own id. */
class BedrockPlacementTest {
  @TempDir
  Path dir;

  GatewayConfig load(String models) throws Exception {
    Path file = dir.resolve("switchboard.yaml");
    Files.writeString(file, """
        providers:
          aws: { type: bedrock, region: us-east-1, access_key_id: AKIDEXAMPLE, secret_access_key: wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY }
          oa: { type: openai, base_url: "http://127.0.0.1:9/v1" }
        models:
        """ + models);
    return new ConfigLoader(ProviderRegistry.builtIn(), name -> null).load(file).config();
  }

  @Test
  void eachDeploymentCanRunInItsOwnRegion() throws Exception {
    GatewayConfig config = load("""
          claude:
            deployments:
              - { provider: aws, model: anthropic.claude-3-haiku-20240307-v1:0 }
              - { provider: aws, model: anthropic.claude-3-haiku-20240307-v1:0, region: us-west-2 }
        """);
    Vertx vertx = Vertx.vertx();
    try {
      ProviderRegistry registry = ProviderRegistry.builtIn();
      Map<String, Provider> providers = new LinkedHashMap<>();
      config.providers().values().forEach(p -> providers.put(p.name(), registry.factory(p.type()).create(p, vertx)));
      ModelGroup group = ModelGroups.build(config, providers, registry.catalog()).get("claude");
      var home = group.targets().get(0);
      var west = group.targets().get(1);
      assertEquals("aws/anthropic.claude-3-haiku-20240307-v1:0", home.deployment().id());
      assertEquals("aws/anthropic.claude-3-haiku-20240307-v1:0@us-west-2", west.deployment().id());

      UpstreamRequest east = home.provider().adapter().chatRequest(HealthProbe.ONE_TOKEN, home.deployment(), false);
      UpstreamRequest other = west.provider().adapter().chatRequest(HealthProbe.ONE_TOKEN, west.deployment(), false);
      assertTrue(east.url().startsWith("https://bedrock-runtime.us-east-1.amazonaws.com/"), east.url());
      assertTrue(other.url().startsWith("https://bedrock-runtime.us-west-2.amazonaws.com/"), other.url());
      assertTrue(other.headers().get("authorization").contains("/us-west-2/bedrock/aws4_request"),
          "signed for the deployment's region");
    } finally {
      vertx.close();
    }
  }

  @Test
  void aPlacementOnAProviderThatHasNoneIsAProblemAtItsKeyPath() {
    ConfigException e = assertThrows(ConfigException.class, () -> load("""
          gpt:
            deployments: [ { provider: oa, model: gpt-4o, region: us-west-2 } ]
        """));
    assertEquals("models.gpt.deployments[0].region", e.problems().get(0).path());
    assertTrue(e.problems().get(0).message().contains("takes no 'region'"), e.problems().toString());
  }
}
