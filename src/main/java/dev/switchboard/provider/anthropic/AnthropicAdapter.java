package dev.switchboard.provider.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.api.ChatRequest;
import dev.switchboard.api.ChatResponse;
import dev.switchboard.api.Json;
import dev.switchboard.provider.Deployment;
import dev.switchboard.provider.Failure;
import dev.switchboard.provider.FailureClass;
import dev.switchboard.provider.ProviderAdapter;
import dev.switchboard.provider.StreamDecoder;
import dev.switchboard.provider.StreamFraming;
import dev.switchboard.provider.UpstreamFailureException;
import dev.switchboard.provider.UpstreamRequest;
import io.vertx.core.buffer.Buffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Anthropic Messages API ({@code POST <base_url>/v1/messages}, key in {@code x-api-key}, API version in
 * {@code anthropic-version}). Requests are translated by {@link AnthropicRequestMapper} and {@link AnthropicTools},
 * answers by {@link AnthropicResponseMapper} and {@link AnthropicStreamDecoder}, errors by {@link AnthropicErrors}.
 * Where the request goes and how it authenticates is an {@link AnthropicEndpoint}, so Claude on Vertex AI reuses
 * the translation.
 */
public final class AnthropicAdapter implements ProviderAdapter {
  /** The {@code anthropic-version} sent when the provider's {@code version} option is not set. */
  public static final String DEFAULT_VERSION = "2023-06-01";
  private final AnthropicEndpoint endpoint;

  /** The adapter for Anthropic's own API. */
  public AnthropicAdapter() {
    this(AnthropicEndpoint.standard());
  }

  /** The adapter for a platform that serves the Messages API bodies at other URLs or with other credentials. */
  public AnthropicAdapter(AnthropicEndpoint endpoint) {
    this.endpoint = endpoint;
  }

  @Override
  public UpstreamRequest chatRequest(ChatRequest request, Deployment deployment, boolean stream) {
    ObjectNode body = AnthropicRequestMapper.body(request, deployment, stream);
    endpoint.adjust(body, deployment);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("content-type", "application/json");
    headers.put("accept", stream ? "text/event-stream" : "application/json");
    endpoint.authenticate(deployment, headers);
    try {
      return new UpstreamRequest("POST", endpoint.url(deployment, stream), headers,
          Buffer.buffer(Json.MAPPER.writeValueAsBytes(body)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }

  @Override
  public ChatResponse chatResponse(UpstreamResponse response, ChatRequest request, Deployment deployment) {
    JsonNode message;
    try {
      message = Json.MAPPER.readTree(response.body().getBytes());
    } catch (Exception e) {
      throw new UpstreamFailureException(Failure.of(FailureClass.MALFORMED_RESPONSE, response.status(),
          "response is not JSON"));
    }
    return AnthropicResponseMapper.chatResponse(message, request, AnthropicTools.jsonToolName(request),
        System.currentTimeMillis() / 1000);
  }

  @Override
  public StreamFraming streamFraming() {
    return StreamFraming.SSE;
  }

  @Override
  public StreamDecoder newStreamDecoder(ChatRequest request, Deployment deployment) {
    return new AnthropicStreamDecoder(AnthropicTools.jsonToolName(request));
  }

  @Override
  public Failure classify(UpstreamResponse response) {
    return AnthropicErrors.fromStatus(response.status(), response.headers(), response.body());
  }
}
