package dev.switchboard.provider.azure;

import dev.switchboard.provider.Deployment;
import dev.switchboard.provider.Failure;
import dev.switchboard.provider.FailureClass;
import dev.switchboard.provider.Failures;
import dev.switchboard.provider.ProviderAdapter;
import dev.switchboard.provider.openai.OpenAiEndpoint;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * Azure OpenAI: {@code <base_url>/openai/deployments/<deployment><operation>?api-version=<api_version>},
 * authenticated with the resource key ({@code api-key}) or a Microsoft Entra ID token
 * ({@code Authorization: Bearer}). A deployment's {@code model} is the Azure deployment name.
 */
public final class AzureOpenAiEndpoint implements OpenAiEndpoint {
  /** The first API version that accepts {@code stream_options} (2024-09-01-preview; GA from 2024-10-21). */
  static final String FIRST_STREAM_USAGE_VERSION = "2024-09-01";
  static final String API_VERSION = "api_version";
  static final String AD_TOKEN = "azure_ad_token";

  @Override
  public String url(Deployment deployment, String operation) {
    return deployment.provider().baseUrl() + "/openai/deployments/" + encode(deployment.model()) + operation
        + "?api-version=" + encode(deployment.provider().option(API_VERSION, ""));
  }

  @Override
  public void authenticate(Deployment deployment, Map<String, String> headers) {
    String token = deployment.provider().option(AD_TOKEN, null);
    if (token != null) {
      headers.put("authorization", "Bearer " + token);
      return;
    }
    String apiKey = deployment.provider().apiKey();
    if (apiKey != null && !apiKey.isEmpty()) {
      headers.put("api-key", apiKey);
    }
  }

  /** Older API versions refuse {@code stream_options}; their streams carry no usage and are estimated. */
  /** Azure lists models per resource, not per deployment: health checks use a one-token completion. */
  @Override
  public boolean listsModels() {
    return false;
  }

  @Override
  public boolean streamUsage(Deployment deployment) {
    return deployment.provider().option(API_VERSION, "").compareTo(FIRST_STREAM_USAGE_VERSION) >= 0;
  }

  /**
   * OpenAI-shaped error bodies; Azure's content filter ({@code code: content_filter}) is a caller fault, and
   * a missing deployment ({@code DeploymentNotFound}) is this deployment's misconfiguration, so the router
   * moves on to another one.
   */
  @Override
  public Failure classify(ProviderAdapter.UpstreamResponse response) {
    Failure failure = Failures.fromStatus(response.status(), response.headers(), response.body());
    String body = response.body() == null ? "" : response.body().toString().toLowerCase(Locale.ROOT);
    if (response.status() == 404 && body.contains("deploymentnotfound")) {
      return new Failure(FailureClass.UPSTREAM_5XX, true, 404, failure.message()
          + " (check the deployment name and the provider's base_url)", failure.retryAfterMs());
    }
    return failure;
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
