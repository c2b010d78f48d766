package dev.switchboard.api;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * OpenAI {@code response_format}: {@code text}, {@code json_object}, or {@code json_schema} with
 * {@code {"name","schema","strict"}} kept as JSON.
 */
public record ResponseFormat(String type, JsonNode jsonSchema) {}
