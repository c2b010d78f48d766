package dev.switchboard.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.api.EmbeddingRequest;
import dev.switchboard.api.EmbeddingResponse;
import dev.switchboard.api.EmbeddingVectors;
import dev.switchboard.api.GatewayError;
import dev.switchboard.api.Json;
import dev.switchboard.api.TokenEstimate;
import dev.switchboard.provider.Deployment;
import dev.switchboard.provider.Failure;
import dev.switchboard.provider.FailureClass;
import dev.switchboard.provider.ProviderAdapter;
import dev.switchboard.provider.UpstreamFailureException;
import dev.switchboard.provider.UpstreamRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * Embeddings over Gemini: one input goes to {@code :embedContent}, several to {@code :batchEmbedContents};
 * {@code dimensions} becomes {@code outputDimensionality}. The answer is OpenAI's list shape, encoded as the
 * client asked; Gemini reports no token counts here, so usage is estimated and marked {@code estimated}.
 */
final class GeminiEmbeddings {
  private GeminiEmbeddings() {}

  static UpstreamRequest request(GeminiEndpoint endpoint, EmbeddingRequest request, Deployment deployment) {
    List<String> texts = texts(request);
    String model = GeminiRequests.modelResource(deployment.model());
    if (texts.size() == 1) {
      return GeminiRequests.post(endpoint, deployment, "embedContent", "", "application/json",
          item(model, texts.get(0), request.dimensions()));
    }
    ObjectNode body = Json.MAPPER.createObjectNode();
    ArrayNode requests = body.putArray("requests");
    texts.forEach(text -> requests.add(item(model, text, request.dimensions())));
    return GeminiRequests.post(endpoint, deployment, "batchEmbedContents", "", "application/json", body);
  }

  static EmbeddingResponse response(ProviderAdapter.UpstreamResponse response, EmbeddingRequest request,
                                    Deployment deployment) {
    List<String> texts = texts(request);
    JsonNode body;
    try {
      body = Json.MAPPER.readTree(response.body().getBytes());
    } catch (Exception e) {
      throw malformed(response, "the embeddings answer is not JSON");
    }
    List<JsonNode> embeddings = new ArrayList<>();
    if (body != null && body.path("embedding").isObject()) {
      embeddings.add(body.path("embedding"));
    } else if (body != null) {
      body.path("embeddings").forEach(embeddings::add);
    }
    if (embeddings.size() != texts.size()) {
      throw malformed(response, "the embeddings answer has " + embeddings.size() + " vectors for " + texts.size()
          + " inputs");
    }
    List<float[]> vectors = new ArrayList<>(embeddings.size());
    for (JsonNode embedding : embeddings) {
      JsonNode values = embedding.path("values");
      if (!values.isArray() || values.isEmpty()) {
        throw malformed(response, "an embedding has no values");
      }
      vectors.add(EmbeddingVectors.read(values));
    }
    int tokens = texts.stream().mapToInt(TokenEstimate::ofText).sum();
    return new EmbeddingResponse("list", EmbeddingVectors.items(vectors, request.wantsBase64()), deployment.model(),
        TokenEstimate.usage(tokens, 0), null);
  }

  private static List<String> texts(EmbeddingRequest request) {
    return request.texts().orElseThrow(() -> GatewayError.invalidRequest("input",
        "input: gemini embeds text; send a string or an array of strings, not token arrays"));
  }

  private static ObjectNode item(String model, String text, Integer dimensions) {
    ObjectNode item = Json.MAPPER.createObjectNode().put("model", model);
    item.putObject("content").putArray("parts").addObject().put("text", text);
    if (dimensions != null) {
      item.put("outputDimensionality", dimensions);
    }
    return item;
  }

  private static UpstreamFailureException malformed(ProviderAdapter.UpstreamResponse response, String message) {
    return new UpstreamFailureException(Failure.of(FailureClass.MALFORMED_RESPONSE, response.status(), message));
  }
}
