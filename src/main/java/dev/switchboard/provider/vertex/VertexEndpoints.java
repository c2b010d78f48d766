package dev.switchboard.provider.vertex;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.config.ProviderConfig;
import dev.switchboard.provider.Deployment;
import dev.switchboard.provider.anthropic.AnthropicEndpoint;
import dev.switchboard.provider.gemini.GeminiEndpoint;
import java.util.Map;

/**
 * Vertex AI's URLs and authentication for the two publishers:
 * {@code {host}/v1/projects/{project}/locations/{location}/publishers/{publisher}/models/{model}:{method}}, where
 * {@code host} is {@code https://{location}-aiplatform.googleapis.com} ({@code https://aiplatform.googleapis.com}
 * for {@code location: global}) unless {@code base_url} is set, and {@code Authorization: Bearer <access token>}.
 */
final class VertexEndpoints {
  static final String PROJECT = "project";
  static final String LOCATION = "location";
  static final String CREDENTIALS_FILE = "credentials_file";
  /** The Messages API version Anthropic-on-Vertex expects in the body. */
  static final String ANTHROPIC_VERSION = "vertex-2023-10-16";

  private VertexEndpoints() {}

  /** The host root: {@code base_url} when set, else the regional (or global) Vertex AI host. */
  static String host(ProviderConfig config) {
    String base = config.baseUrl() == null ? "" : config.baseUrl();
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    if (!base.isEmpty()) {
      return base;
    }
    String location = config.option(LOCATION, "");
    return "global".equals(location) ? "https://aiplatform.googleapis.com"
        : "https://" + location + "-aiplatform.googleapis.com";
  }

  /** The URL of {@code method} on the deployment's model as published by {@code publisher}. */
  static String url(Deployment deployment, VertexPublisher publisher, String method) {
    ProviderConfig config = deployment.provider();
    return host(config) + "/v1/projects/" + config.option(PROJECT, "") + "/locations/" + config.option(LOCATION, "")
        + "/publishers/" + publisher.id() + "/models/" + deployment.model() + ":" + method;
  }

  /** Gemini models: {@code generateContent}, {@code streamGenerateContent}, with a bearer token. */
  static GeminiEndpoint gemini(AccessTokens tokens) {
    return new GeminiEndpoint() {
      @Override
      public String url(Deployment deployment, String method) {
        return VertexEndpoints.url(deployment, VertexPublisher.GOOGLE, method);
      }

      @Override
      public void authenticate(Deployment deployment, Map<String, String> headers) {
        headers.put("authorization", "Bearer " + tokens.bearer());
      }
    };
  }

  /**
   * Claude models: {@code rawPredict} / {@code streamRawPredict} with a bearer token and no Anthropic headers; the
   * body has no {@code model} (it is in the URL) and carries {@code anthropic_version}.
   */
  static AnthropicEndpoint anthropic(AccessTokens tokens) {
    return new AnthropicEndpoint() {
      @Override
      public String url(Deployment deployment, boolean stream) {
        return VertexEndpoints.url(deployment, VertexPublisher.ANTHROPIC, stream ? "streamRawPredict" : "rawPredict");
      }

      @Override
      public void authenticate(Deployment deployment, Map<String, String> headers) {
        headers.put("authorization", "Bearer " + tokens.bearer());
      }

      @Override
      public void adjust(ObjectNode body, Deployment deployment) {
        body.remove("model");
        body.put("anthropic_version", ANTHROPIC_VERSION);
      }
    };
  }
}
