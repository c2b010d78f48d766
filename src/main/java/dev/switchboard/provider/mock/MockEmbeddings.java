package dev.switchboard.provider.mock;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.api.EmbeddingRequest;
import dev.switchboard.api.EmbeddingResponse;
import dev.switchboard.api.EmbeddingVectors;
import dev.switchboard.api.Json;
import dev.switchboard.api.TokenEstimate;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The mock model's embeddings: a unit vector per input, derived from the text alone (the same text always
 * gives the same vector), {@code dimensions} long (16 by default), answered in OpenAI's wire format.
 */
final class MockEmbeddings {
  static final int DEFAULT_DIMENSIONS = 16;

  private MockEmbeddings() {}

  static ObjectNode answer(EmbeddingRequest request) {
    List<String> texts = request.texts().orElseGet(() -> List.of(request.input().toString()));
    int dimensions = request.dimensions() == null ? DEFAULT_DIMENSIONS : request.dimensions();
    List<float[]> vectors = new ArrayList<>(texts.size());
    int tokens = 0;
    for (String text : texts) {
      vectors.add(vector(text, dimensions));
      tokens += TokenEstimate.ofText(text);
    }
    ObjectNode root = Json.MAPPER.createObjectNode().put("object", "list");
    ArrayNode data = root.putArray("data");
    for (EmbeddingResponse.Embedding item : EmbeddingVectors.items(vectors, request.wantsBase64())) {
      data.add(Json.MAPPER.valueToTree(item));
    }
    root.put("model", request.model());
    root.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
    return root;
  }

  static float[] vector(String text, int dimensions) {
    long seed = 1125899906842597L;
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      seed = 31 * seed + b;
    }
    SplittableRandom random = new SplittableRandom(seed);
    float[] v = new float[dimensions];
    double norm = 0;
    for (int i = 0; i < dimensions; i++) {
      v[i] = (float) (random.nextDouble() * 2 - 1);
      norm += v[i] * v[i];
    }
    float scale = (float) (1 / Math.sqrt(norm));
    for (int i = 0; i < dimensions; i++) {
      v[i] *= scale;
    }
    return v;
  }
}
