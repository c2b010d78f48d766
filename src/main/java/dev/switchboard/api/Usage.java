package dev.switchboard.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Token counts of one response, with the upstream's detail objects (cached, reasoning tokens) kept. A count
 * the upstream leaves out reads as 0; a missing total is the sum of the other two.
 */
public record Usage(@JsonSetter(nulls = Nulls.AS_EMPTY) int promptTokens,
                    @JsonSetter(nulls = Nulls.AS_EMPTY) int completionTokens,
                    @JsonSetter(nulls = Nulls.AS_EMPTY) int totalTokens,
                    @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {

  public Usage {
    extra = extra == null ? new LinkedHashMap<>() : extra;
    if (totalTokens == 0) {
      totalTokens = promptTokens + completionTokens; // some OpenAI-compatible servers omit total_tokens
    }
  }

  public static Usage of(int promptTokens, int completionTokens) {
    return new Usage(promptTokens, completionTokens, promptTokens + completionTokens, null);
  }
}
