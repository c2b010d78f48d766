package dev.switchboard.provider.ollama;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.api.ChatRequest;
import dev.switchboard.api.ChatResponse;
import dev.switchboard.api.EmbeddingRequest;
import dev.switchboard.api.EmbeddingResponse;
import dev.switchboard.api.EmbeddingVectors;
import dev.switchboard.api.Json;
import dev.switchboard.api.TokenEstimate;
import dev.switchboard.api.Usage;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ollama's native API: {@code POST <base_url>/api/chat} (streamed as NDJSON) and {@code POST /api/embed}.
 * No key by default; {@code Authorization: Bearer <api_key>} when one is configured (Ollama behind a proxy).
 */
public final class OllamaAdapter implements ProviderAdapter, EmbeddingAdapter {

  @Override
  public UpstreamRequest chatRequest(ChatRequest request, Deployment deployment, boolean stream) {
    return post(deployment, "/api/chat", stream ? "application/x-ndjson" : "application/json",
        OllamaRequests.chat(request, deployment.model(), stream));
  }

  @Override
  public ChatResponse chatResponse(UpstreamResponse response, ChatRequest request, Deployment deployment) {
    JsonNode root = read(response, "chat answer");
    if (!root.path("message").isObject()) {
      throw malformed(response, "response has no message");
    }
    return OllamaResponses.chat(root, request, deployment.model());
  }

  @Override
  public StreamFraming streamFraming() {
    return StreamFraming.NDJSON;
  }

  @Override
  public StreamDecoder newStreamDecoder(ChatRequest request, Deployment deployment) {
    return new OllamaStreamDecoder(request);
  }

  @Override
  public Failure classify(UpstreamResponse response) {
    return OllamaFailures.classify(response.status(), response.headers(), response.body());
  }

  @Override
  public UpstreamRequest embeddingRequest(EmbeddingRequest request, Deployment deployment) {
    return post(deployment, "/api/embed", "application/json", OllamaRequests.embed(request, deployment.model()));
  }

  @Override
  public EmbeddingResponse embeddingResponse(UpstreamResponse response, EmbeddingRequest request, Deployment deployment) {
    JsonNode root = read(response, "embeddings answer");
    JsonNode embeddings = root.path("embeddings");
    List<String> texts = request.texts().orElse(List.of());
    if (!embeddings.isArray() || embeddings.isEmpty()) {
      throw malformed(response, "response has no embeddings");
    }
    if (embeddings.size() != texts.size()) {
      throw malformed(response, "response has " + embeddings.size() + " embeddings for " + texts.size() + " inputs");
    }
    List<float[]> vectors = new ArrayList<>(embeddings.size());
    for (JsonNode vector : embeddings) {
      if (!vector.isArray()) {
        throw malformed(response, "an embedding is not an array of numbers");
      }
      vectors.add(EmbeddingVectors.read(vector));
    }
    JsonNode counted = root.path("prompt_eval_count");
    Usage usage = counted.isIntegralNumber() ? Usage.of(counted.asInt(), 0)
        : TokenEstimate.usage(texts.stream().mapToInt(TokenEstimate::ofText).sum(), 0);
    return new EmbeddingResponse("list", EmbeddingVectors.items(vectors, request.wantsBase64()),
        root.path("model").asText(deployment.model()), usage, null);
  }

  private static UpstreamRequest post(Deployment deployment, String path, String accept, JsonNode body) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("content-type", "application/json");
    headers.put("accept", accept);
    String apiKey = deployment.provider().apiKey();
    if (apiKey != null && !apiKey.isEmpty()) {
      headers.put("authorization", "Bearer " + apiKey);
    }
    try {
      return new UpstreamRequest("POST", deployment.provider().baseUrl() + path, headers,
          Buffer.buffer(Json.MAPPER.writeValueAsBytes(body)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }

  private static JsonNode read(UpstreamResponse response, String what) {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(response.body().getBytes());
    } catch (Exception e) {
      throw malformed(response, "response is not an Ollama " + what + ": " + firstLine(e.getMessage()));
    }
    if (root == null || !root.isObject()) {
      throw malformed(response, "response is not an Ollama " + what + ": not a JSON object");
    }
    if (root.path("error").isTextual()) {
      throw new UpstreamFailureException(OllamaFailures.classify(500, response.headers(), response.body()));
    }
    return root;
  }

  private static UpstreamFailureException malformed(UpstreamResponse response, String message) {
    return new UpstreamFailureException(Failure.of(FailureClass.MALFORMED_RESPONSE, response.status(), message));
  }

  static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
