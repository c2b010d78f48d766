package dev.switchboard.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An OpenAI embeddings answer: one vector per input, in input order, with usage. */
public record EmbeddingResponse(String object, List<Embedding> data, String model, Usage usage,
                                @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {

  public EmbeddingResponse {
    extra = extra == null ? new LinkedHashMap<>() : extra;
  }

  /** A copy that names the public model the client asked for. */
  public EmbeddingResponse withModel(String publicModel) {
    return new EmbeddingResponse(object, data, publicModel, usage, extra);
  }

  /**
   * One vector. {@code embedding} is a JSON array of numbers, or a base64 string of little-endian
   * float32 values when the client asked for {@code encoding_format: base64}.
   */
  public record Embedding(String object, int index, JsonNode embedding) {}
}
