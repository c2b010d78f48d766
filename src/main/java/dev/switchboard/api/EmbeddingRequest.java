package dev.switchboard.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An OpenAI embeddings request. {@code input} is kept as sent (a string, an array of strings, or token
 * arrays) so OpenAI-compatible upstreams get it unchanged; {@link #texts()} gives the strings for others.
 */
public record EmbeddingRequest(
    String model,
    JsonNode input,
    String encodingFormat,
    Integer dimensions,
    String user,
    @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {

  public EmbeddingRequest {
    extra = extra == null ? new LinkedHashMap<>() : extra;
  }

  /** The inputs as text, or empty when the client sent token arrays. */
  public Optional<List<String>> texts() {
    if (input.isTextual()) {
      return Optional.of(List.of(input.asText()));
    }
    List<String> out = new ArrayList<>();
    for (JsonNode item : input) {
      if (!item.isTextual()) {
        return Optional.empty();
      }
      out.add(item.asText());
    }
    return Optional.of(out);
  }

  /** True when the client asked for base64-encoded float32 vectors instead of JSON numbers. */
  public boolean wantsBase64() {
    return "base64".equals(encodingFormat);
  }

  /** A copy addressed to another model name (the upstream's), everything else unchanged. */
  public EmbeddingRequest withModel(String upstreamModel) {
    return new EmbeddingRequest(upstreamModel, input, encodingFormat, dimensions, user, extra);
  }
}
