package dev.switchboard.provider.gemini;

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
import dev.switchboard.provider.UpstreamFailureException;
import dev.switchboard.provider.UpstreamRequest;

/**
 * Google's Generative Language API (Gemini): {@code generateContent}, {@code streamGenerateContent?alt=sse},
 * {@code embedContent} and {@code batchEmbedContents} under {@code {base_url}/v1beta/models/{model}}, the key in
 * the {@code x-goog-api-key} header. The translation itself lives in the package's small pure helpers. Where the
 * request goes and how it authenticates is a {@link GeminiEndpoint}, so Vertex AI reuses the translation.
 */
public final class GeminiAdapter implements ProviderAdapter, EmbeddingAdapter {
  private final GeminiEndpoint endpoint;

  /** The adapter for the Generative Language API. */
  public GeminiAdapter() {
    this(GeminiEndpoint.standard());
  }

  /** The adapter for a service that serves Gemini's bodies at other URLs or with other credentials (Vertex AI). */
  public GeminiAdapter(GeminiEndpoint endpoint) {
    this.endpoint = endpoint;
  }

  @Override
  public UpstreamRequest chatRequest(ChatRequest request, Deployment deployment, boolean stream) {
    JsonNode body = GeminiRequests.body(request);
    return stream
        ? GeminiRequests.post(endpoint, deployment, "streamGenerateContent", "?alt=sse", "text/event-stream", body)
        : GeminiRequests.post(endpoint, deployment, "generateContent", "", "application/json", body);
  }

  @Override
  public ChatResponse chatResponse(UpstreamResponse response, ChatRequest request, Deployment deployment) {
    JsonNode body;
    try {
      body = Json.MAPPER.readTree(response.body().getBytes());
    } catch (Exception e) {
      throw malformed(response, "response is not JSON");
    }
    if (body == null || !body.isObject()) {
      throw malformed(response, "response is not a GenerateContentResponse object");
    }
    if (body.path("candidates").isEmpty() && GeminiResponses.blockReason(body) == null) {
      throw malformed(response, "response has neither candidates nor a promptFeedback.blockReason");
    }
    return GeminiResponses.chatResponse(body, request, deployment.model());
  }

  @Override
  public StreamFraming streamFraming() {
    return StreamFraming.SSE;
  }

  @Override
  public StreamDecoder newStreamDecoder(ChatRequest request, Deployment deployment) {
    return new GeminiStreamDecoder();
  }

  @Override
  public Failure classify(UpstreamResponse response) {
    return GeminiFailures.classify(response.status(), response.headers(), response.body());
  }

  @Override
  public UpstreamRequest embeddingRequest(EmbeddingRequest request, Deployment deployment) {
    return GeminiEmbeddings.request(endpoint, request, deployment);
  }

  @Override
  public EmbeddingResponse embeddingResponse(UpstreamResponse response, EmbeddingRequest request,
                                             Deployment deployment) {
    return GeminiEmbeddings.response(response, request, deployment);
  }

  private static UpstreamFailureException malformed(UpstreamResponse response, String message) {
    return new UpstreamFailureException(Failure.of(FailureClass.MALFORMED_RESPONSE, response.status(), message));
  }
}
