package dev.switchboard.provider.openai;

import dev.switchboard.provider.Deployment;
import java.util.Map;

/**
 * {@code <base_url><operation>}, {@code Authorization: Bearer <api_key>} when a key is set, and
 * {@code OpenAI-Organization} when {@code organization} is set.
 */
final class StandardEndpoint implements OpenAiEndpoint {
  static final StandardEndpoint INSTANCE = new StandardEndpoint();

  private StandardEndpoint() {}

  @Override
  public String url(Deployment deployment, String operation) {
    return deployment.provider().baseUrl() + operation;
  }

  @Override
  public void authenticate(Deployment deployment, Map<String, String> headers) {
    String apiKey = deployment.provider().apiKey();
    if (apiKey != null && !apiKey.isEmpty()) {
      headers.put("authorization", "Bearer " + apiKey);
    }
    String organization = deployment.provider().option("organization", null);
    if (organization != null) {
      headers.put("openai-organization", organization);
    }
  }
}
