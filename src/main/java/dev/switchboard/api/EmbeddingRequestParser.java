package dev.switchboard.api;

import com.fasterxml.jackson.databind.JsonNode;

/** Reads and checks an embeddings request body the way OpenAI does; rejections are 400s naming the field. */
public final class EmbeddingRequestParser {
  static final int MAX_INPUTS = 2048;

  private EmbeddingRequestParser() {}

  public static EmbeddingRequest parse(byte[] body) {
    EmbeddingRequest r = RequestBodies.read(body, EmbeddingRequest.class);
    if (r.model() == null || r.model().isBlank()) {
      throw GatewayError.invalidRequest("model", "model: required, a non-empty string");
    }
    validateInput(r.input());
    if (r.encodingFormat() != null && !r.encodingFormat().equals("float") && !r.encodingFormat().equals("base64")) {
      throw GatewayError.invalidRequest("encoding_format", "encoding_format: must be float or base64");
    }
    if (r.dimensions() != null && r.dimensions() < 1) {
      throw GatewayError.invalidRequest("dimensions", "dimensions: must be at least 1");
    }
    return r;
  }

  private static void validateInput(JsonNode input) {
    String shape = "input: required, a string, an array of strings, or an array of token arrays";
    if (input == null || input.isNull() || input.isMissingNode()) {
      throw GatewayError.invalidRequest("input", shape);
    }
    if (input.isTextual()) {
      if (input.asText().isEmpty()) {
        throw GatewayError.invalidRequest("input", "input: must not be empty");
      }
      return;
    }
    if (!input.isArray() || input.isEmpty()) {
      throw GatewayError.invalidRequest("input", shape);
    }
    if (input.size() > MAX_INPUTS) {
      throw GatewayError.invalidRequest("input", "input: at most " + MAX_INPUTS + " items");
    }
    boolean tokens = input.get(0).isIntegralNumber();
    for (int i = 0; i < input.size(); i++) {
      JsonNode item = input.get(i);
      boolean ok = tokens ? item.isIntegralNumber() : item.isTextual() ? !item.asText().isEmpty()
          : item.isArray() && !item.isEmpty() && allIntegers(item);
      if (!ok) {
        throw GatewayError.invalidRequest("input[" + i + "]", "input[" + i + "]: every item must be "
            + (tokens ? "a token id" : "a non-empty string (or every item a token array)"));
      }
    }
  }

  private static boolean allIntegers(JsonNode array) {
    for (JsonNode n : array) {
      if (!n.isIntegralNumber()) {
        return false;
      }
    }
    return true;
  }
}
