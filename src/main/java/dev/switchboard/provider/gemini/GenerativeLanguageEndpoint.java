package dev.switchboard.provider.gemini;

import dev.switchboard.provider.Deployment;
import java.util.Map;

/** {@code POST {base_url}/v1beta/models/{model}:{method}} with the key in {@code x-goog-api-key}, never in the URL. */
final class GenerativeLanguageEndpoint implements GeminiEndpoint {
  static final GenerativeLanguageEndpoint INSTANCE = new GenerativeLanguageEndpoint();

  private GenerativeLanguageEndpoint() {}

  @Override
  public String url(Deployment deployment, String method) {
    String base = deployment.provider().baseUrl();
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    return base + "/v1beta/" + GeminiRequests.modelResource(deployment.model()) + ":" + method;
  }

  @Override
  public void authenticate(Deployment deployment, Map<String, String> headers) {
    String apiKey = deployment.provider().apiKey();
    if (apiKey != null && !apiKey.isEmpty()) {
      headers.put("x-goog-api-key", apiKey);
    }
  }
}
