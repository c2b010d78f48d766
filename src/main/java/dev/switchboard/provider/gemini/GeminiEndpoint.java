package dev.switchboard.provider.gemini;

import dev.switchboard.provider.Deployment;
import java.util.Map;

/**
 * Where the {@link GeminiAdapter} sends a request and how it authenticates: the part that differs between
 * Google's Generative Language API ({@code {base_url}/v1beta/models/{model}:{method}} with an API key) and
 * Vertex AI ({@code .../projects/{project}/locations/{location}/publishers/google/models/{model}:{method}} with an
 * OAuth2 access token). The bodies are the same.
 */
public interface GeminiEndpoint {

  /** The Generative Language API endpoint. */
  static GeminiEndpoint standard() {
    return GenerativeLanguageEndpoint.INSTANCE;
  }

  /** The absolute URL of {@code method} (e.g. {@code generateContent}) for the deployment's model, without a query. */
  String url(Deployment deployment, String method);

  /**
   * Adds the headers that authenticate a request to {@code deployment}.
   *
   * @throws dev.switchboard.provider.UpstreamFailureException when no credential is available right now
   */
  void authenticate(Deployment deployment, Map<String, String> headers);
}
