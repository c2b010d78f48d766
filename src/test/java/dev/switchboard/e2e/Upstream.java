package dev.switchboard.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;

/**
 * A WireMock server on 127.0.0.1 playing an OpenAI-compatible upstream, and the gateway configuration
 * that points at it. Model groups: {@code gpt-test} (one deployment, upstream model
 * {@value #UPSTREAM_MODEL}), {@code pair} (deployment {@code up/up-a} always tried first, then
 * {@code up/up-b}), {@code refused} (a closed port) and {@code demo} (the mock provider).
 */
final class Upstream implements AutoCloseable {
  static final String SECRET = "sk-upstream-secret-123456";
  static final String UPSTREAM_MODEL = "gpt-4o-mini-2024-07-18";
  static final String PATH = "/v1/chat/completions";

  final WireMockServer wm;

  Upstream() {
    wm = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    wm.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + wm.port() + "/v1";
  }

  /** The providers, models, routing and tenants sections of the gateway's configuration. */
  String sections(long attemptTimeoutMs) {
    return """
        providers:
          up: { type: openai, base_url: "%s", api_key: "%s" }
          dead: { type: openai, base_url: "http://127.0.0.1:%d/v1", api_key: "%s" }
          local: { type: mock }
        models:
          gpt-test:
            deployments: [ { provider: up, model: %s } ]
          pair:
            strategy: weighted
            deployments:
              - { provider: up, model: up-a, weight: 1 }
              - { provider: up, model: up-b, weight: 0 }
          refused:
            deployments: [ { provider: dead, model: gone } ]
          demo:
            deployments: [ { provider: local, model: mock-1 } ]
        routing: { max_attempts: 3, attempt_timeout_ms: %d }
        tenants:
          test:
            keys: [ { id: t1, key: "%s" } ]
            models: [ "*" ]
        """.formatted(baseUrl(), SECRET, closedPort(), SECRET, UPSTREAM_MODEL, attemptTimeoutMs,
        GatewayFixture.TENANT_KEY);
  }

  /** A chat completion call addressed to one upstream model. */
  static MappingBuilder chatFor(String upstreamModel) {
    return post(urlEqualTo(PATH)).withRequestBody(matchingJsonPath("$.model", equalTo(upstreamModel)));
  }

  static RequestPatternBuilder chatCalls() {
    return postRequestedFor(urlEqualTo(PATH));
  }

  static RequestPatternBuilder chatCallsFor(String upstreamModel) {
    return postRequestedFor(urlEqualTo(PATH)).withRequestBody(matchingJsonPath("$.model", equalTo(upstreamModel)));
  }

  /** OpenAI's documented non-streamed example answer. */
  static ResponseDefinitionBuilder completion() {
    return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
        .withBody(GatewayFixture.resource("openai-chat-completion.json"));
  }

  /** OpenAI's documented streamed example answer (with the usage chunk and [DONE]). */
  static ResponseDefinitionBuilder stream() {
    return sse(GatewayFixture.resource("openai-stream.sse"));
  }

  static ResponseDefinitionBuilder sse(String body) {
    return aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream").withBody(body);
  }

  static ResponseDefinitionBuilder error(int status, String type, String code, String param, String message) {
    String body = "{\"error\":{\"message\":" + quote(message) + ",\"type\":" + quote(type) + ",\"param\":"
        + (param == null ? "null" : quote(param)) + ",\"code\":" + (code == null ? "null" : quote(code)) + "}}";
    return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
  }

  /** The content deltas of the documented stream, in order. */
  static List<String> documentedStreamPieces() {
    return List.of("Hello", "!", " How", " can", " I", " assist", " you", " today", "?");
  }

  /** The JSON bodies WireMock received for chat completions. */
  List<JsonNode> receivedBodies() {
    return wm.findAll(chatCalls()).stream().map(r -> GatewayFixture.parse(r.getBodyAsString())).toList();
  }

  private static String quote(String text) {
    return GatewayFixture.MAPPER.getNodeFactory().textNode(text).toString();
  }

  /** A port on 127.0.0.1 that nothing listens on: bound, read, then closed. */
  static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    wm.stop();
  }
}
