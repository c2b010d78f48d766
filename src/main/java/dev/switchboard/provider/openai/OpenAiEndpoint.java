package dev.switchboard.provider.openai;

import dev.switchboard.provider.Deployment;
import dev.switchboard.provider.Failure;
import dev.switchboard.provider.Failures;
import dev.switchboard.provider.ProviderAdapter;
import java.util.Map;

/**
 * Where the {@link OpenAiAdapter} sends a request and how it authenticates: the part of the OpenAI wire
 * format that differs between OpenAI-compatible servers ({@code <base_url>/chat/completions} with a bearer
 * key) and Azure OpenAI ({@code /openai/deployments/<name>/...?api-version=} with an {@code api-key}).
 */
public interface OpenAiEndpoint {

  /** The endpoint of OpenAI and OpenAI-compatible servers. */
  static OpenAiEndpoint standard() {
    return StandardEndpoint.INSTANCE;
  }

  /** The absolute URL of an operation ({@code /chat/completions}, {@code /embeddings}) for {@code deployment}. */
  String url(Deployment deployment, String operation);

  /** Adds the headers that authenticate a request to {@code deployment}. */
  void authenticate(Deployment deployment, Map<String, String> headers);

  /** Whether streams may ask for a usage chunk ({@code stream_options.include_usage}). */
  default boolean streamUsage(Deployment deployment) {
    return true;
  }

  /** Whether {@code GET <url of /models>} lists models (a free authenticated call for health checks). */
  default boolean listsModels() {
    return true;
  }

  /** Classifies a non-2xx answer; the default reads OpenAI-shaped error bodies. */
  default Failure classify(ProviderAdapter.UpstreamResponse response) {
    return Failures.fromStatus(response.status(), response.headers(), response.body());
  }
}
