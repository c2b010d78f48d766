package dev.switchboard.provider.bedrock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.api.ChatRequest;
import dev.switchboard.api.ChatResponse;
import dev.switchboard.api.EmbeddingRequest;
import dev.switchboard.api.EmbeddingResponse;
import dev.switchboard.api.Json;
import dev.switchboard.provider.Deployment;
import dev.switchboard.provider.EmbeddingAdapter;
import dev.switchboard.provider.Failure;
import dev.switchboard.provider.FailureClass;
import dev.switchboard.provider.ProviderAdapter;
import dev.switchboard.provider.StreamDecoder;
import dev.switchboard.provider.StreamFraming;
import dev.switchboard.provider.UpstreamFailureException;
import dev.switchboard.provider.UpstreamRequest;
import io.vertx.core.buffer.Buffer;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * Amazon Bedrock: chat through Converse ({@code POST {base_url}/model/{modelId}/converse}) and ConverseStream
 * ({@code .../converse-stream}, a binary event stream), embeddings through InvokeModel
 * ({@code .../model/{modelId}/invoke}). The model id (a foundation model, a cross-region inference profile such as
 * {@code us.anthropic.claude-...}, or an ARN) is percent-encoded into one path segment. {@code {region}} in the base
 * URL is replaced by the provider's region. Every request is signed with SigV4 (service {@code bedrock}) over its
 * exact body bytes and host, with the credentials resolved when the provider was created. The translation lives in
 * {@link BedrockRequestMapper}, {@link BedrockResponseMapper}, {@link BedrockStreamDecoder} and
 * {@link BedrockEmbeddings}.
 */
public final class BedrockAdapter implements ProviderAdapter, EmbeddingAdapter {
  static final String SIGNING_NAME = "bedrock";
  static final String EVENT_STREAM = "application/vnd.amazon.eventstream";

  private final AwsSettings settings;
  private final Clock clock;

  BedrockAdapter(AwsSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public UpstreamRequest chatRequest(ChatRequest request, Deployment deployment, boolean stream) {
    return post(deployment, stream ? "/converse-stream" : "/converse", stream ? EVENT_STREAM : "application/json",
        BedrockRequestMapper.converse(request));
  }

  @Override
  public ChatResponse chatResponse(UpstreamResponse response, ChatRequest request, Deployment deployment) {
    return BedrockResponseMapper.chatResponse(read(response, "Converse"), request, deployment.model(),
        response.headers() == null ? null : response.headers().get("x-amzn-RequestId"), response.status());
  }

  @Override
  public StreamFraming streamFraming() {
    return StreamFraming.AWS_EVENT_STREAM;
  }

  @Override
  public StreamDecoder newStreamDecoder(ChatRequest request, Deployment deployment) {
    return new BedrockStreamDecoder(BedrockTools.jsonToolName(request).orElse(null));
  }

  @Override
  public Failure classify(UpstreamResponse response) {
    return BedrockFailures.fromStatus(response.status(), response.headers(), response.body());
  }

  @Override
  public UpstreamRequest embeddingRequest(EmbeddingRequest request, Deployment deployment) {
    return post(deployment, "/invoke", "application/json", BedrockEmbeddings.body(request, deployment.model()));
  }

  @Override
  public EmbeddingResponse embeddingResponse(UpstreamResponse response, EmbeddingRequest request,
                                             Deployment deployment) {
    return BedrockEmbeddings.response(read(response, "InvokeModel"), request, deployment.model(),
        response.headers() == null ? null : response.headers().get("x-amzn-bedrock-input-token-count"),
        response.status());
  }

  /** The runtime endpoint: the base URL with {@code {region}} filled in, without a trailing slash. */
  String endpoint(Deployment deployment) {
    String base = deployment.provider().baseUrl().replace("{region}", region(deployment));
    return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }

  private UpstreamRequest post(Deployment deployment, String action, String accept, ObjectNode body) {
    String url = endpoint(deployment) + "/model/" + SdkHttpUtils.urlEncode(deployment.model()) + action;
    byte[] bytes;
    try {
      bytes = Json.MAPPER.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("content-type", "application/json");
    headers.put("accept", accept);
    return new UpstreamRequest("POST", url,
        SigV4.sign("POST", url, headers, bytes, settings.credentials(), region(deployment), SIGNING_NAME, clock),
        Buffer.buffer(bytes));
  }

  private static JsonNode read(UpstreamResponse response, String api) {
    try {
      JsonNode root = Json.MAPPER.readTree(response.body().getBytes());
      if (root != null && root.isObject()) {
        return root;
      }
    } catch (Exception e) {
      throw new UpstreamFailureException(Failure.of(FailureClass.MALFORMED_RESPONSE, response.status(),
          "response is not a Bedrock " + api + " answer: it is not JSON"));
    }
    throw new UpstreamFailureException(Failure.of(FailureClass.MALFORMED_RESPONSE, response.status(),
        "response is not a Bedrock " + api + " answer: not a JSON object"));
  }

  /** The deployment's region: its own placement when it has one, else the provider's. */
  private String region(Deployment deployment) {
    return deployment.provider().option(AwsSettings.REGION, settings.region());
  }
}
