package dev.switchboard.provider.azure;

import dev.switchboard.config.ProviderConfig;
import dev.switchboard.provider.Deployment;
import dev.switchboard.provider.ProviderAdapter.UpstreamResponse;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/** Deployments and the golden fixtures under {@code src/test/resources/providers/azure-openai/}. */
final class AzureFixtures {
  static final String KEY = "0123456789abcdef0123456789abcdef";
  static final String TOKEN = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.entra-test-token";

  private AzureFixtures() {}

  static Deployment withKey(String apiVersion, String deploymentName) {
    return deployment(KEY, Map.of("api_version", apiVersion), deploymentName);
  }

  static Deployment withToken() {
    return deployment("", Map.of("api_version", "2024-10-21", "azure_ad_token", TOKEN), "gpt-4o-prod");
  }

  private static Deployment deployment(String key, Map<String, String> options, String deploymentName) {
    ProviderConfig provider = new ProviderConfig("azure-east", "azure-openai", "http://127.0.0.1:9", key, 60000, 5000, 8,
        options);
    return new Deployment("azure-east/" + deploymentName, provider, deploymentName, 1, null, null);
  }

  static byte[] bytes(String name) {
    try (InputStream in = AzureFixtures.class.getResourceAsStream("/providers/azure-openai/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static UpstreamResponse answer(int status, String fixture) {
    return new UpstreamResponse(status, MultiMap.caseInsensitiveMultiMap(), Buffer.buffer(bytes(fixture)));
  }
}
