package dev.switchboard.provider.vertex;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.api.ChatRequest;
import dev.switchboard.api.ChatResponse;
import dev.switchboard.api.EmbeddingRequest;
import dev.switchboard.api.EmbeddingResponse;
import dev.switchboard.api.Json;
import dev.switchboard.provider.Deployment;
import dev.switchboard.provider.EmbeddingAdapter;
import dev.switchboard.provider.Failure;
import dev.switchboard.provider.FailureClass;
import dev.switchboard.provider.ProviderAdapter;
import dev.switchboard.provider.StreamDecoder;
import dev.switchboard.provider.StreamFraming;
import dev.switchboard.provider.UpstreamRequest;
import dev.switchboard.provider.anthropic.AnthropicAdapter;
import dev.switchboard.provider.gemini.GeminiAdapter;

/**
 * Google Vertex AI: Gemini models through the {@link GeminiAdapter} and Claude models through the
 * {@link AnthropicAdapter}, each over a Vertex endpoint ({@link VertexEndpoints}) carrying the provider's access
 * token ({@link AccessTokens}); embeddings over {@code :predict} ({@link VertexEmbeddings}). The publisher of a
 * deployment is chosen by {@link VertexPublisher}. One instance per provider, since it reads that provider's token.
 */
public final class VertexAdapter implements ProviderAdapter, EmbeddingAdapter {
  private final AccessTokens tokens;
  private final GeminiAdapter gemini;
  private final AnthropicAdapter anthropic;

  public VertexAdapter(AccessTokens tokens) {
    this.tokens = tokens;
    this.gemini = new GeminiAdapter(VertexEndpoints.gemini(tokens));
    this.anthropic = new AnthropicAdapter(VertexEndpoints.anthropic(tokens));
  }

  private ProviderAdapter publisherOf(Deployment deployment) {
    return VertexPublisher.of(deployment) == VertexPublisher.ANTHROPIC ? anthropic : gemini;
  }

  @Override
  public UpstreamRequest chatRequest(ChatRequest request, Deployment deployment, boolean stream) {
    return publisherOf(deployment).chatRequest(request, deployment, stream);
  }

  @Override
  public ChatResponse chatResponse(UpstreamResponse response, ChatRequest request, Deployment deployment) {
    return publisherOf(deployment).chatResponse(response, request, deployment);
  }

  /** Both publishers stream server-sent events ({@code streamGenerateContent?alt=sse}, {@code streamRawPredict}). */
  @Override
  public StreamFraming streamFraming() {
    return StreamFraming.SSE;
  }

  @Override
  public StreamDecoder newStreamDecoder(ChatRequest request, Deployment deployment) {
    return publisherOf(deployment).newStreamDecoder(request, deployment);
  }

  /**
   * Errors in Anthropic's shape ({@code {"type":"error","error":{"type"}}}, from Claude models) are read as the
   * Anthropic adapter reads them; everything else is Google's shape, read as the Gemini adapter reads it, except
   * that a 404 (the model is not published in this project and location) is the deployment's misconfiguration:
   * classed {@code upstream_5xx} so the router tries another deployment.
   */
  @Override
  public Failure classify(UpstreamResponse response) {
    if (isAnthropicError(response)) {
      return anthropic.classify(response);
    }
    Failure failure = gemini.classify(response);
    if (response.status() == 404) {
      return new Failure(FailureClass.UPSTREAM_5XX, true, 404, failure.message()
          + " (check the provider's project and location, and that the model is enabled there)", -1);
    }
    return failure;
  }

  @Override
  public UpstreamRequest embeddingRequest(EmbeddingRequest request, Deployment deployment) {
    return VertexEmbeddings.request(request, deployment, tokens);
  }

  @Override
  public EmbeddingResponse embeddingResponse(UpstreamResponse response, EmbeddingRequest request,
                                             Deployment deployment) {
    return VertexEmbeddings.response(response, request, deployment);
  }

  private static boolean isAnthropicError(UpstreamResponse response) {
    if (response.body() == null || response.body().length() == 0) {
      return false;
    }
    try {
      JsonNode body = Json.MAPPER.readTree(response.body().getBytes());
      return body != null && "error".equals(body.path("type").asText()) && body.path("error").path("type").isTextual();
    } catch (Exception notJson) {
      return false;
    }
  }
}
