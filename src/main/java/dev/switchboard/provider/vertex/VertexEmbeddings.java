package dev.switchboard.provider.vertex;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.api.EmbeddingRequest;
import dev.switchboard.api.EmbeddingResponse;
import dev.switchboard.api.EmbeddingVectors;
import dev.switchboard.api.GatewayError;
import dev.switchboard.api.Json;
import dev.switchboard.api.TokenEstimate;
import dev.switchboard.api.Usage;
import dev.switchboard.provider.Deployment;
import dev.switchboard.provider.Failure;
import dev.switchboard.provider.FailureClass;
import dev.switchboard.provider.ProviderAdapter;
import dev.switchboard.provider.UpstreamFailureException;
import dev.switchboard.provider.UpstreamRequest;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Embeddings on Vertex AI: Google's text-embedding models answer {@code :predict} with
 * {@code {"instances":[{"content"}...], "parameters":{"outputDimensionality"}}} and
 * {@code {"predictions":[{"embeddings":{"values","statistics":{"token_count"}}}]}}. The answer is OpenAI's list
 * shape, encoded as the client asked; usage is the sum of the {@code token_count}s (estimated when one is missing).
 */
final class VertexEmbeddings {
  private VertexEmbeddings() {}

  static UpstreamRequest request(EmbeddingRequest request, Deployment deployment, AccessTokens tokens) {
    if (VertexPublisher.of(deployment) != VertexPublisher.GOOGLE) {
      throw GatewayError.invalidRequest("model", "model: " + deployment.model()
          + " is published by Anthropic on Vertex AI, which serves no embeddings");
    }
    ObjectNode body = Json.MAPPER.createObjectNode();
    ArrayNode instances = body.putArray("instances");
    texts(request).forEach(text -> instances.addObject().put("content", text));
    if (request.dimensions() != null) {
      body.putObject("parameters").put("outputDimensionality", request.dimensions());
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("content-type", "application/json");
    headers.put("accept", "application/json");
    headers.put("authorization", "Bearer " + tokens.bearer());
    try {
      return new UpstreamRequest("POST", VertexEndpoints.url(deployment, VertexPublisher.GOOGLE, "predict"), headers,
          Buffer.buffer(Json.MAPPER.writeValueAsBytes(body)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }

  static EmbeddingResponse response(ProviderAdapter.UpstreamResponse response, EmbeddingRequest request,
                                    Deployment deployment) {
    List<String> texts = texts(request);
    JsonNode predictions;
    try {
      predictions = Json.MAPPER.readTree(response.body().getBytes()).path("predictions");
    } catch (Exception e) {
      throw malformed(response, "the embeddings answer is not JSON");
    }
    if (predictions.size() != texts.size()) {
      throw malformed(response, "the embeddings answer has " + predictions.size() + " predictions for "
          + texts.size() + " inputs");
    }
    List<float[]> vectors = new ArrayList<>(texts.size());
    int tokens = 0;
    boolean counted = true;
    for (int i = 0; i < texts.size(); i++) {
      JsonNode embeddings = predictions.get(i).path("embeddings");
      JsonNode values = embeddings.path("values");
      if (!values.isArray() || values.isEmpty()) {
        throw malformed(response, "prediction " + i + " has no embeddings.values");
      }
      vectors.add(EmbeddingVectors.read(values));
      JsonNode count = embeddings.path("statistics").path("token_count");
      counted &= count.isNumber();
      tokens += count.isNumber() ? count.asInt() : TokenEstimate.ofText(texts.get(i));
    }
    Usage usage = counted ? Usage.of(tokens, 0) : TokenEstimate.usage(tokens, 0);
    return new EmbeddingResponse("list", EmbeddingVectors.items(vectors, request.wantsBase64()), deployment.model(),
        usage, null);
  }

  private static List<String> texts(EmbeddingRequest request) {
    return request.texts().orElseThrow(() -> GatewayError.invalidRequest("input",
        "input: Vertex AI embeds text; send a string or an array of strings, not token arrays"));
  }

  private static UpstreamFailureException malformed(ProviderAdapter.UpstreamResponse response, String message) {
    return new UpstreamFailureException(Failure.of(FailureClass.MALFORMED_RESPONSE, response.status(), message));
  }
}
