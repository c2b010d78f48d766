package dev.switchboard.provider.cohere;

import com.fasterxml.jackson.core.JsonProcessingException;
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
import io.vertx.core.buffer.Buffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Cohere's v2 API: chat at {@code {base_url}/v2/chat} (SSE when streamed), embeddings at
 * {@code {base_url}/v2/embed}, the key sent as {@code Authorization: Bearer}. The translation itself lives in
 * {@link CohereRequestMapper}, {@link CohereResponseMapper}, {@link CohereStreamDecoder} and {@link CohereEmbeddings}.
 */
public final class CohereAdapter implements ProviderAdapter, EmbeddingAdapter {

  @Override
  public UpstreamRequest chatRequest(ChatRequest request, Deployment deployment, boolean stream) {
    return post(deployment, "/v2/chat", stream ? "text/event-stream" : "application/json",
        CohereRequestMapper.chatBody(request, deployment.model(), stream));
  }

  @Override
  public ChatResponse chatResponse(UpstreamResponse response, ChatRequest request, Deployment deployment) {
    return CohereResponseMapper.chatResponse(read(response, "chat"), request, deployment.model(), response.status());
  }

  @Override
  public StreamFraming streamFraming() {
    return StreamFraming.SSE;
  }

  @Override
  public StreamDecoder newStreamDecoder(ChatRequest request, Deployment deployment) {
    return new CohereStreamDecoder();
  }

  @Override
  public Failure classify(UpstreamResponse response) {
    return CohereFailures.fromStatus(response.status(), response.headers(), response.body());
  }

  @Override
  public UpstreamRequest embeddingRequest(EmbeddingRequest request, Deployment deployment) {
    return post(deployment, "/v2/embed", "application/json", CohereEmbeddings.body(request, deployment.model()));
  }

  @Override
  public EmbeddingResponse embeddingResponse(UpstreamResponse response, EmbeddingRequest request,
                                             Deployment deployment) {
    return CohereEmbeddings.response(read(response, "embed"), request, deployment.model(), response.status());
  }

  private static UpstreamRequest post(Deployment deployment, String path, String accept, Object body) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("content-type", "application/json");
    headers.put("accept", accept);
    String apiKey = deployment.provider().apiKey();
    if (apiKey != null && !apiKey.isEmpty()) {
      headers.put("authorization", "Bearer " + apiKey);
    }
    try {
      return new UpstreamRequest("POST", stripSlash(deployment.provider().baseUrl()) + path, headers,
          Buffer.buffer(Json.MAPPER.writeValueAsBytes(body)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }

  private static JsonNode read(UpstreamResponse response, String api) {
    try {
      JsonNode root = Json.MAPPER.readTree(response.body().getBytes());
      if (root != null && root.isObject()) {
        return root;
      }
    } catch (Exception e) {
      throw new UpstreamFailureException(Failure.of(FailureClass.MALFORMED_RESPONSE, response.status(),
          "response is not a Cohere " + api + " answer: " + firstLine(e.getMessage())));
    }
    throw new UpstreamFailureException(Failure.of(FailureClass.MALFORMED_RESPONSE, response.status(),
        "response is not a Cohere " + api + " answer: not a JSON object"));
  }

  private static String stripSlash(String baseUrl) {
    return baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
  }

  static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
