package dev.switchboard.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** A tool the model may call; only {@code function} tools are translated to non-OpenAI backends. */
public record Tool(String type, FunctionDefinition function,
                   @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {

  public Tool {
    extra = extra == null ? new LinkedHashMap<>() : extra;
  }

  /** A function's name, description and JSON Schema of its parameters. */
  public record FunctionDefinition(String name, String description, JsonNode parameters, Boolean strict) {}
}
