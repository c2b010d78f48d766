package dev.switchboard.provider.cohere;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.api.EmbeddingRequest;
import dev.switchboard.api.EmbeddingResponse;
import dev.switchboard.api.EmbeddingVectors;
import dev.switchboard.api.GatewayError;
import dev.switchboard.api.Json;
import dev.switchboard.api.TokenEstimate;
import dev.switchboard.api.Usage;
import dev.switchboard.provider.Failure;
import dev.switchboard.provider.FailureClass;
import dev.switchboard.provider.UpstreamFailureException;
import java.util.ArrayList;
import java.util.List;

/**
 * Translates OpenAI embeddings calls to Cohere's v2 {@code POST /v2/embed} and back. The client may pick
 * Cohere's {@code input_type} (default {@code search_document}) and {@code truncate} as extra fields. Static and pure.
 */
final class CohereEmbeddings {
  static final String DEFAULT_INPUT_TYPE = "search_document";

  private CohereEmbeddings() {}

  /** The v2 embed body: {@code texts}, {@code input_type}, float vectors, {@code output_dimension} from {@code dimensions}. */
  static ObjectNode body(EmbeddingRequest request, String model) {
    List<String> texts = request.texts().orElseThrow(() -> GatewayError.invalidRequest("input",
        "input: Cohere embeds text only; send a string or an array of strings"));
    ObjectNode body = Json.MAPPER.createObjectNode().put("model", model);
    texts.forEach(body.putArray("texts")::add);
    body.put("input_type", textOption(request, "input_type", DEFAULT_INPUT_TYPE));
    body.putArray("embedding_types").add("float");
    if (request.dimensions() != null) {
      body.put("output_dimension", request.dimensions());
    }
    String truncate = textOption(request, "truncate", null);
    if (truncate != null) {
      body.put("truncate", truncate);
    }
    return body;
  }

  /** Cohere's answer as an OpenAI embeddings list, one vector per input in input order, encoded as asked. */
  static EmbeddingResponse response(JsonNode root, EmbeddingRequest request, String model, int status) {
    JsonNode embeddings = root.path("embeddings");
    JsonNode floats = embeddings.isArray() ? embeddings : embeddings.path("float");
    int inputs = request.texts().map(List::size).orElse(0);
    if (!floats.isArray() || floats.size() != inputs) {
      throw new UpstreamFailureException(Failure.of(FailureClass.MALFORMED_RESPONSE, status,
          "response is not a Cohere embed answer with " + inputs + " float vectors"));
    }
    List<float[]> vectors = new ArrayList<>(floats.size());
    for (JsonNode vector : floats) {
      if (!vector.isArray()) {
        throw new UpstreamFailureException(Failure.of(FailureClass.MALFORMED_RESPONSE, status,
            "an embedding in the Cohere answer is not an array of numbers"));
      }
      vectors.add(EmbeddingVectors.read(vector));
    }
    JsonNode billed = root.path("meta").path("billed_units").path("input_tokens");
    Usage usage = billed.isNumber() ? Usage.of(billed.asInt(), 0)
        : TokenEstimate.usage(request.texts().orElse(List.of()).stream().mapToInt(TokenEstimate::ofText).sum(), 0);
    return new EmbeddingResponse("list", EmbeddingVectors.items(vectors, request.wantsBase64()), model, usage, null);
  }

  private static String textOption(EmbeddingRequest request, String field, String fallback) {
    JsonNode value = request.extra().get(field);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.isTextual() || value.asText().isBlank()) {
      throw GatewayError.invalidRequest(field, field + ": must be a non-empty string");
    }
    return value.asText();
  }
}
