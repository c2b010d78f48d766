package dev.switchboard.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** Token counts of one response, with the upstream's detail objects (cached, reasoning tokens) kept. */
public record Usage(int promptTokens, int completionTokens, int totalTokens,
                    @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {

  public Usage {
    extra = extra == null ? new LinkedHashMap<>() : extra;
  }

  public static Usage of(int promptTokens, int completionTokens) {
    return new Usage(promptTokens, completionTokens, promptTokens + completionTokens, null);
  }
}
