package dev.switchboard.provider.anthropic;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.provider.Deployment;
import java.util.Map;

/**
 * Where the {@link AnthropicAdapter} sends a Messages API request, how it authenticates, and the few body fields
 * that differ: Anthropic's own API ({@code <base_url>/v1/messages}, {@code x-api-key}, {@code anthropic-version}
 * header, {@code model} in the body) or a cloud platform serving the same bodies elsewhere (Vertex AI's
 * {@code rawPredict} with an access token, the model in the URL and the version in the body).
 */
public interface AnthropicEndpoint {

  /** Anthropic's own Messages API. */
  static AnthropicEndpoint standard() {
    return MessagesEndpoint.INSTANCE;
  }

  /** The absolute URL for a request to {@code deployment}, streamed or not. */
  String url(Deployment deployment, boolean stream);

  /**
   * Adds the headers that authenticate a request to {@code deployment} (and select the API version).
   *
   * @throws dev.switchboard.provider.UpstreamFailureException when no credential is available right now
   */
  void authenticate(Deployment deployment, Map<String, String> headers);

  /** Adjusts the translated Messages API body for this endpoint; the standard endpoint sends it as it is. */
  default void adjust(ObjectNode body, Deployment deployment) {}
}
