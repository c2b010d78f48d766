package dev.switchboard.provider.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.switchboard.api.ChatRequest;
import dev.switchboard.api.ChatResponse;
import dev.switchboard.api.EmbeddingRequest;
import dev.switchboard.api.EmbeddingResponse;
import dev.switchboard.api.Json;
import dev.switchboard.api.StreamOptions;
import dev.switchboard.api.TokenEstimate;
import dev.switchboard.provider.Deployment;
import dev.switchboard.provider.EmbeddingAdapter;
import dev.switchboard.provider.FailureClass;
import dev.switchboard.provider.Failure;
import dev.switchboard.provider.ProviderAdapter;
import dev.switchboard.provider.StreamDecoder;
import dev.switchboard.provider.StreamFraming;
import dev.switchboard.provider.UpstreamFailureException;
import dev.switchboard.provider.UpstreamRequest;
import io.vertx.core.buffer.Buffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The OpenAI Chat Completions wire format, spoken by OpenAI and every OpenAI-compatible server
 * (vLLM, Groq, Mistral, DeepSeek, Together, OpenRouter, LM Studio, ...). Fields the gateway does not
 * model are passed through unchanged; streams ask for a usage chunk so the gateway can bill. Where the
 * request goes and how it authenticates is an {@link OpenAiEndpoint}, so Azure OpenAI reuses the translation.
 */
public final class OpenAiAdapter implements ProviderAdapter, EmbeddingAdapter {
  private final OpenAiEndpoint endpoint;

  /** The adapter for OpenAI and OpenAI-compatible servers. */
  public OpenAiAdapter() {
    this(OpenAiEndpoint.standard());
  }

  /** The adapter for a server that speaks OpenAI's bodies at other URLs or with other credentials (Azure). */
  public OpenAiAdapter(OpenAiEndpoint endpoint) {
    this.endpoint = endpoint;
  }

  @Override
  public UpstreamRequest chatRequest(ChatRequest request, Deployment deployment, boolean stream) {
    StreamOptions options = stream && endpoint.streamUsage(deployment) ? new StreamOptions(true) : null;
    ChatRequest upstream = request.withModel(deployment.model()).withStream(stream ? Boolean.TRUE : null, options);
    return post(deployment, "/chat/completions", stream ? "text/event-stream" : "application/json", upstream);
  }

  @Override
  public UpstreamRequest embeddingRequest(EmbeddingRequest request, Deployment deployment) {
    return post(deployment, "/embeddings", "application/json", request.withModel(deployment.model()));
  }

  @Override
  public EmbeddingResponse embeddingResponse(UpstreamResponse response, EmbeddingRequest request, Deployment deployment) {
    EmbeddingResponse parsed;
    try {
      parsed = Json.MAPPER.readValue(response.body().getBytes(), EmbeddingResponse.class);
    } catch (Exception e) {
      throw new UpstreamFailureException(Failure.of(FailureClass.MALFORMED_RESPONSE, response.status(),
          "response is not an OpenAI embeddings list: " + firstLine(e.getMessage())));
    }
    if (parsed.data() == null || parsed.data().isEmpty()) {
      throw new UpstreamFailureException(Failure.of(FailureClass.MALFORMED_RESPONSE, response.status(),
          "response has no embeddings"));
    }
    if (parsed.usage() == null) {
      int tokens = request.texts().map(texts -> texts.stream().mapToInt(TokenEstimate::ofText).sum()).orElse(0);
      parsed = new EmbeddingResponse(parsed.object(), parsed.data(), parsed.model(), TokenEstimate.usage(tokens, 0),
          parsed.extra());
    }
    return parsed;
  }

  /**
   * {@code GET <base_url>/models}: free, authenticated, and answered by every OpenAI-compatible server; where the
   * endpoint has no model list, a one-token completion.
   */
  @Override
  public UpstreamRequest healthCheckRequest(Deployment deployment) {
    if (!endpoint.listsModels()) {
      return ProviderAdapter.super.healthCheckRequest(deployment);
    }
    UpstreamRequest post = post(deployment, "/models", "application/json", Map.of());
    return new UpstreamRequest("GET", post.url(), post.headers(), Buffer.buffer());
  }

  private UpstreamRequest post(Deployment deployment, String operation, String accept, Object body) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("content-type", "application/json");
    headers.put("accept", accept);
    endpoint.authenticate(deployment, headers);
    try {
      return new UpstreamRequest("POST", endpoint.url(deployment, operation), headers,
          Buffer.buffer(Json.MAPPER.writeValueAsBytes(body)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a parsed request always serializes", e);
    }
  }

  @Override
  public ChatResponse chatResponse(UpstreamResponse response, ChatRequest request, Deployment deployment) {
    ChatResponse parsed;
    try {
      parsed = Json.MAPPER.readValue(response.body().getBytes(), ChatResponse.class);
    } catch (Exception e) {
      throw new UpstreamFailureException(Failure.of(FailureClass.MALFORMED_RESPONSE, response.status(),
          "response is not an OpenAI chat.completion: " + firstLine(e.getMessage())));
    }
    if (parsed.choices() == null || parsed.choices().isEmpty()) {
      throw new UpstreamFailureException(Failure.of(FailureClass.MALFORMED_RESPONSE, response.status(),
          "response has no choices"));
    }
    if (parsed.usage() == null) {
      int completion = parsed.choices().stream().mapToInt(c -> c.message() == null ? 0
          : TokenEstimate.ofText(c.message().textContent())).sum();
      parsed = parsed.withUsage(TokenEstimate.usage(TokenEstimate.ofMessages(request.messages()), completion));
    }
    return parsed;
  }

  @Override
  public Failure classify(UpstreamResponse response) {
    return endpoint.classify(response);
  }

  @Override
  public StreamFraming streamFraming() {
    return StreamFraming.SSE;
  }

  @Override
  public StreamDecoder newStreamDecoder(ChatRequest request, Deployment deployment) {
    return new OpenAiStreamDecoder();
  }

  static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
