package dev.switchboard.provider.anthropic;

import dev.switchboard.provider.Deployment;
import java.util.Map;

/**
 * {@code POST <base_url>/v1/messages} with the key in {@code x-api-key} and the provider's {@code version} option
 * (default {@value AnthropicAdapter#DEFAULT_VERSION}) in {@code anthropic-version}.
 */
final class MessagesEndpoint implements AnthropicEndpoint {
  static final MessagesEndpoint INSTANCE = new MessagesEndpoint();

  private MessagesEndpoint() {}

  @Override
  public String url(Deployment deployment, boolean stream) {
    return deployment.provider().baseUrl() + "/v1/messages";
  }

  @Override
  public void authenticate(Deployment deployment, Map<String, String> headers) {
    String apiKey = deployment.provider().apiKey();
    if (apiKey != null && !apiKey.isEmpty()) {
      headers.put("x-api-key", apiKey);
    }
    headers.put("anthropic-version", deployment.provider().option("version", AnthropicAdapter.DEFAULT_VERSION));
  }
}
