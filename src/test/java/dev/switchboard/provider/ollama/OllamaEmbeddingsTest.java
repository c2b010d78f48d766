package dev.switchboard.provider.ollama;

import static dev.switchboard.provider.ollama.OllamaFixtures.answer;
import static dev.switchboard.provider.ollama.OllamaFixtures.deployment;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.api.EmbeddingRequest;
import dev.switchboard.api.EmbeddingRequestParser;
import dev.switchboard.api.EmbeddingResponse;
import dev.switchboard.api.GatewayError;
import dev.switchboard.api.Json;
import dev.switchboard.api.TokenEstimate;
import dev.switchboard.provider.FailureClass;
import dev.switchboard.provider.ProviderAdapter.UpstreamResponse;
import dev.switchboard.provider.UpstreamFailureException;
import dev.switchboard.provider.UpstreamRequest;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Embeddings through Ollama's {@code /api/embed}, after the documented multiple-input example. */
class OllamaEmbeddingsTest {
  private static final String TWO = "{\"model\":\"embed\",\"input\":[\"Why is the sky blue?\",\"Why is the grass green?\"]}";
  private final OllamaAdapter adapter = new OllamaAdapter();

  private static EmbeddingRequest request(String json) {
    return EmbeddingRequestParser.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void requestGoesToApiEmbedWithTheInputAsSent() throws Exception {
    UpstreamRequest up = adapter.embeddingRequest(request(TWO), deployment());
    assertEquals("http://127.0.0.1:11434/api/embed", up.url());
    assertEquals(Json.MAPPER.readTree("{\"model\":\"llama3.2\",\"input\":[\"Why is the sky blue?\","
        + "\"Why is the grass green?\"]}"), Json.MAPPER.readTree(up.body().getBytes()));
    JsonNode single = Json.MAPPER.readTree(adapter.embeddingRequest(
        request("{\"model\":\"embed\",\"input\":\"hello\",\"dimensions\":256}"), deployment()).body().getBytes());
    assertEquals("hello", single.path("input").asText());
    assertEquals(256, single.path("dimensions").asInt());
  }

  @Test
  void tokenArraysAreRefusedNamingInput() {
    GatewayError e = assertThrows(GatewayError.class,
        () -> adapter.embeddingRequest(request("{\"model\":\"embed\",\"input\":[[1,2,3]]}"), deployment()));
    assertEquals(400, e.status());
    assertEquals("input", e.param());
  }

  @Test
  void vectorsInInputOrderWithThePromptCount() {
    EmbeddingResponse r = adapter.embeddingResponse(answer(200, "embeddings.json"), request(TWO), deployment());
    assertEquals("list", r.object());
    assertEquals(2, r.data().size());
    assertEquals(1, r.data().get(1).index());
    assertEquals("embedding", r.data().get(0).object());
    assertEquals(0.010071029f, (float) r.data().get(0).embedding().get(0).asDouble(), 1e-9);
    assertEquals(-0.0098027075f, (float) r.data().get(1).embedding().get(0).asDouble(), 1e-9);
    assertEquals(14, r.usage().promptTokens());
    assertEquals(14, r.usage().totalTokens());
  }

  @Test
  void base64WhenAskedAndEstimatedUsageWithoutACount() {
    UpstreamResponse noCount = new UpstreamResponse(200, MultiMap.caseInsensitiveMultiMap(),
        Buffer.buffer("{\"model\":\"all-minilm\",\"embeddings\":[[0.5,-1.0]]}"));
    EmbeddingResponse r = adapter.embeddingResponse(noCount,
        request("{\"model\":\"embed\",\"input\":\"Why is the sky blue?\",\"encoding_format\":\"base64\"}"), deployment());
    ByteBuffer floats = ByteBuffer.wrap(Base64.getDecoder().decode(r.data().get(0).embedding().asText()))
        .order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(0.5f, floats.getFloat());
    assertEquals(-1.0f, floats.getFloat());
    assertEquals(TokenEstimate.ofText("Why is the sky blue?"), r.usage().promptTokens());
    assertTrue(r.usage().extra().get("estimated").asBoolean());
  }

  @Test
  void aVectorCountThatDoesNotMatchTheInputsIsMalformed() {
    UpstreamResponse one = new UpstreamResponse(200, MultiMap.caseInsensitiveMultiMap(),
        Buffer.buffer("{\"embeddings\":[[0.1,0.2]]}"));
    UpstreamFailureException e = assertThrows(UpstreamFailureException.class,
        () -> adapter.embeddingResponse(one, request(TWO), deployment()));
    assertEquals(FailureClass.MALFORMED_RESPONSE, e.failure().reason());
    assertEquals("response has 1 embeddings for 2 inputs", e.getMessage());
  }
}
