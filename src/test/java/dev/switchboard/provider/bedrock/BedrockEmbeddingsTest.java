package dev.switchboard.provider.bedrock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.api.EmbeddingRequest;
import dev.switchboard.api.EmbeddingResponse;
import dev.switchboard.api.GatewayError;
import dev.switchboard.api.Json;
import dev.switchboard.provider.Deployment;
import dev.switchboard.provider.FailureClass;
import dev.switchboard.provider.ProviderAdapter.UpstreamResponse;
import dev.switchboard.provider.UpstreamFailureException;
import dev.switchboard.provider.UpstreamRequest;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Embeddings through InvokeModel: Titan one text per call, Cohere Embed in batches. */
class BedrockEmbeddingsTest {
  private static final Deployment TITAN = BedrockFixtures.deployment("http://127.0.0.1:9", "amazon.titan-embed-text-v2:0");
  private static final Deployment COHERE = BedrockFixtures.deployment("http://127.0.0.1:9", "cohere.embed-english-v3");

  private static EmbeddingRequest embed(String json) {
    try {
      return Json.MAPPER.readValue(json, EmbeddingRequest.class);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode body(UpstreamRequest up) {
    try {
      return Json.MAPPER.readTree(up.body().getBytes());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void titanTakesOneTextWithDimensions() {
    UpstreamRequest up = BedrockFixtures.adapter().embeddingRequest(
        embed("{\"model\":\"e\",\"input\":\"hello world\",\"dimensions\":256}"), TITAN);
    assertEquals("http://127.0.0.1:9/model/amazon.titan-embed-text-v2%3A0/invoke", up.url());
    assertTrue(up.headers().get("authorization").startsWith("AWS4-HMAC-SHA256 "));
    JsonNode body = body(up);
    assertEquals("hello world", body.path("inputText").asText());
    assertEquals(256, body.path("dimensions").asInt());
    assertTrue(body.path("normalize").asBoolean());
    GatewayError batch = assertThrows(GatewayError.class, () -> BedrockFixtures.adapter().embeddingRequest(
        embed("{\"model\":\"e\",\"input\":[\"a\",\"b\"]}"), TITAN));
    assertEquals("input", batch.param());
    assertTrue(batch.getMessage().contains("cohere.embed"), batch.getMessage());
  }

  @Test
  void titanAnswer() {
    EmbeddingResponse r = BedrockFixtures.adapter().embeddingResponse(BedrockFixtures.answer(200, "embed-titan.json"),
        embed("{\"model\":\"e\",\"input\":\"hello world\"}"), TITAN);
    assertEquals(1, r.data().size());
    assertEquals(4, r.data().get(0).embedding().size());
    assertEquals(7, r.usage().promptTokens());
    EmbeddingResponse base64 = BedrockFixtures.adapter().embeddingResponse(BedrockFixtures.answer(200, "embed-titan.json"),
        embed("{\"model\":\"e\",\"input\":\"hello world\",\"encoding_format\":\"base64\"}"), TITAN);
    assertTrue(base64.data().get(0).embedding().isTextual());
  }

  @Test
  void cohereTakesABatch() {
    JsonNode body = body(BedrockFixtures.adapter().embeddingRequest(
        embed("{\"model\":\"e\",\"input\":[\"hello world\",\"bonjour le monde\"],\"input_type\":\"search_query\"}"), COHERE));
    assertEquals(2, body.path("texts").size());
    assertEquals("search_query", body.path("input_type").asText());
    assertEquals("search_document", body(BedrockFixtures.adapter().embeddingRequest(
        embed("{\"model\":\"e\",\"input\":\"x\"}"), COHERE)).path("input_type").asText());
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("X-Amzn-Bedrock-Input-Token-Count", "6");
    EmbeddingResponse r = BedrockFixtures.adapter().embeddingResponse(new UpstreamResponse(200, headers,
        Buffer.buffer(BedrockFixtures.bytes("embed-cohere.json"))),
        embed("{\"model\":\"e\",\"input\":[\"hello world\",\"bonjour le monde\"]}"), COHERE);
    assertEquals(2, r.data().size());
    assertEquals(1, r.data().get(1).index());
    assertEquals(6, r.usage().promptTokens());
  }

  @Test
  void refusals() {
    assertEquals("input", assertThrows(GatewayError.class, () -> BedrockFixtures.adapter().embeddingRequest(
        embed("{\"model\":\"e\",\"input\":[[1,2,3]]}"), COHERE)).param());
    assertEquals("dimensions", assertThrows(GatewayError.class, () -> BedrockFixtures.adapter().embeddingRequest(
        embed("{\"model\":\"e\",\"input\":\"x\",\"dimensions\":8}"), COHERE)).param());
    Deployment chatModel = BedrockFixtures.deployment();
    assertEquals("model", assertThrows(GatewayError.class, () -> BedrockFixtures.adapter().embeddingRequest(
        embed("{\"model\":\"e\",\"input\":\"x\"}"), chatModel)).param());
  }

  @Test
  void anAnswerWithTheWrongNumberOfVectorsIsMalformed() {
    UpstreamFailureException e = assertThrows(UpstreamFailureException.class, () -> BedrockFixtures.adapter()
        .embeddingResponse(BedrockFixtures.answer(200, "embed-cohere.json"), embed("{\"model\":\"e\",\"input\":\"x\"}"), COHERE));
    assertEquals(FailureClass.MALFORMED_RESPONSE, e.failure().reason());
    assertFalse(e.failure().retryable() && e.failure().reason().isCallerFault());
  }
}
