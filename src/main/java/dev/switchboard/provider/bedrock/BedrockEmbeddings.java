package dev.switchboard.provider.bedrock;

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
 * OpenAI embeddings calls as Bedrock {@code InvokeModel} bodies, for the two embedding families Bedrock hosts:
 * Amazon Titan text embeddings ({@code amazon.titan-embed-text-*}: {@code inputText}, {@code dimensions},
 * {@code normalize}) embed one text per call, so a request with several inputs is refused with a 400 naming
 * {@code input}; Cohere Embed ({@code cohere.embed-*}: {@code texts}, {@code input_type}) embeds a batch in one call.
 * Static and pure.
 */
final class BedrockEmbeddings {
  static final String DEFAULT_INPUT_TYPE = "search_document";

  private BedrockEmbeddings() {}

  /** Which body shape a Bedrock embedding model takes. */
  enum Family { TITAN, COHERE }

  static Family family(String model) {
    if (model.contains("titan-embed-text")) {
      return Family.TITAN;
    }
    if (model.contains("cohere.embed")) {
      return Family.COHERE;
    }
    throw GatewayError.invalidRequest("model", "model: the bedrock deployment '" + model + "' is not an embedding "
        + "model this gateway speaks to (amazon.titan-embed-text-* or cohere.embed-*)");
  }

  static ObjectNode body(EmbeddingRequest request, String model) {
    List<String> texts = request.texts().orElseThrow(() -> GatewayError.invalidRequest("input",
        "input: Bedrock embeds text only; send a string or an array of strings"));
    ObjectNode body = Json.MAPPER.createObjectNode();
    if (family(model) == Family.TITAN) {
      if (texts.size() != 1) {
        throw GatewayError.invalidRequest("input", "input: Amazon Titan text embeddings take one text per call, "
            + "and this request has " + texts.size() + "; send one input per request, or use a Cohere Embed "
            + "model on Bedrock (cohere.embed-*) for batches");
      }
      body.put("inputText", texts.get(0));
      if (request.dimensions() != null) {
        body.put("dimensions", request.dimensions());
      }
      if (model.contains("titan-embed-text-v2")) {
        body.put("normalize", true);
      }
      return body;
    }
    if (request.dimensions() != null) {
      throw GatewayError.invalidRequest("dimensions", "dimensions: Cohere Embed on Bedrock has a fixed size; "
          + "leave dimensions out");
    }
    texts.forEach(body.putArray("texts")::add);
    JsonNode inputType = request.extra().get("input_type");
    if (inputType != null && !inputType.isNull() && (!inputType.isTextual() || inputType.asText().isBlank())) {
      throw GatewayError.invalidRequest("input_type", "input_type: must be a non-empty string");
    }
    body.put("input_type", inputType == null || inputType.isNull() ? DEFAULT_INPUT_TYPE : inputType.asText());
    return body;
  }

  /**
   * The answer as OpenAI's list. Usage: Bedrock's {@code x-amzn-bedrock-input-token-count} header, else Titan's
   * {@code inputTextTokenCount}, else an estimate.
   */
  static EmbeddingResponse response(JsonNode root, EmbeddingRequest request, String model, String inputTokenHeader,
                                    int status) {
    List<float[]> vectors = new ArrayList<>();
    int inputs = request.texts().map(List::size).orElse(0);
    if (family(model) == Family.TITAN) {
      JsonNode vector = root.path("embedding");
      if (vector.isArray()) {
        vectors.add(EmbeddingVectors.read(vector));
      }
    } else {
      JsonNode embeddings = root.path("embeddings");
      JsonNode floats = embeddings.isArray() ? embeddings : embeddings.path("float");
      for (JsonNode vector : floats) {
        if (vector.isArray()) {
          vectors.add(EmbeddingVectors.read(vector));
        }
      }
    }
    if (vectors.size() != inputs) {
      throw new UpstreamFailureException(Failure.of(FailureClass.MALFORMED_RESPONSE, status,
          "response is not a Bedrock embedding answer with " + inputs + " vector(s)"));
    }
    Usage usage;
    if (inputTokenHeader != null && inputTokenHeader.strip().matches("\\d+")) {
      usage = Usage.of(Integer.parseInt(inputTokenHeader.strip()), 0);
    } else if (root.path("inputTextTokenCount").isInt()) {
      usage = Usage.of(root.path("inputTextTokenCount").asInt(), 0);
    } else {
      usage = TokenEstimate.usage(request.texts().orElse(List.of()).stream().mapToInt(TokenEstimate::ofText).sum(), 0);
    }
    return new EmbeddingResponse("list", EmbeddingVectors.items(vectors, request.wantsBase64()), model, usage, null);
  }
}
