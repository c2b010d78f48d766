package dev.switchboard.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An OpenAI chat completion request. Fields the gateway does not model are kept in {@link #extra}
 * and sent on unchanged to OpenAI-compatible upstreams.
 */
public record ChatRequest(
    String model,
    List<ChatMessage> messages,
    Double temperature,
    Double topP,
    Integer n,
    Boolean stream,
    StreamOptions streamOptions,
    @JsonDeserialize(using = StopSequences.Deserializer.class) List<String> stop,
    Integer maxTokens,
    Integer maxCompletionTokens,
    Double presencePenalty,
    Double frequencyPenalty,
    Map<String, Double> logitBias,
    String user,
    Long seed,
    List<Tool> tools,
    ToolChoice toolChoice,
    Boolean parallelToolCalls,
    ResponseFormat responseFormat,
    @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {

  public ChatRequest {
    extra = extra == null ? new LinkedHashMap<>() : extra;
  }

  /** True when the client asked for an SSE stream. */
  public boolean streaming() {
    return Boolean.TRUE.equals(stream);
  }

  /** True when the client asked for a final usage chunk in the stream. */
  public boolean wantsStreamUsage() {
    return streamOptions != null && Boolean.TRUE.equals(streamOptions.includeUsage());
  }

  /** The output-token cap the client asked for, whichever of the two OpenAI names it used. */
  public Integer outputTokenLimit() {
    return maxCompletionTokens != null ? maxCompletionTokens : maxTokens;
  }

  /** A copy addressed to another model name (the upstream's), everything else unchanged. */
  public ChatRequest withModel(String upstreamModel) {
    return new ChatRequest(upstreamModel, messages, temperature, topP, n, stream, streamOptions, stop,
        maxTokens, maxCompletionTokens, presencePenalty, frequencyPenalty, logitBias, user, seed, tools,
        toolChoice, parallelToolCalls, responseFormat, extra);
  }

  /** A copy with other stream settings, everything else unchanged. */
  public ChatRequest withStream(Boolean newStream, StreamOptions newOptions) {
    return new ChatRequest(model, messages, temperature, topP, n, newStream, newOptions, stop,
        maxTokens, maxCompletionTokens, presencePenalty, frequencyPenalty, logitBias, user, seed, tools,
        toolChoice, parallelToolCalls, responseFormat, extra);
  }
}
