package dev.switchboard.provider.gemini;

import static dev.switchboard.provider.gemini.GeminiFixtures.KEY;
import static dev.switchboard.provider.gemini.GeminiFixtures.answer;
import static dev.switchboard.provider.gemini.GeminiFixtures.deployment;
import static dev.switchboard.provider.gemini.GeminiFixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.api.EmbeddingRequest;
import dev.switchboard.api.EmbeddingRequestParser;
import dev.switchboard.api.EmbeddingResponse;
import dev.switchboard.api.GatewayError;
import dev.switchboard.api.TokenEstimate;
import dev.switchboard.provider.Deployment;
import dev.switchboard.provider.FailureClass;
import dev.switchboard.provider.UpstreamFailureException;
import dev.switchboard.provider.UpstreamRequest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** OpenAI embeddings requests over Gemini's embedContent and batchEmbedContents. */
class GeminiEmbeddingsTest {
  private final GeminiAdapter adapter = new GeminiAdapter();
  private final Deployment embedder = deployment("gemini-embedding-001");

  private static EmbeddingRequest request(String json) {
    return EmbeddingRequestParser.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void oneInputGoesToEmbedContent() {
    UpstreamRequest up = adapter.embeddingRequest(request(
        "{\"model\":\"embed\",\"input\":\"What is the meaning of life?\",\"dimensions\":768}"), embedder);
    assertEquals("http://127.0.0.1:9/v1beta/models/gemini-embedding-001:embedContent", up.url());
    assertEquals(KEY, up.headers().get("x-goog-api-key"));
    assertFalse(up.url().contains(KEY));
    assertEquals(json("{\"model\":\"models/gemini-embedding-001\",\"content\":{\"parts\":[{\"text\":"
        + "\"What is the meaning of life?\"}]},\"outputDimensionality\":768}"), json(up.body()));
  }

  @Test
  void severalInputsGoToBatchEmbedContentsInOrder() {
    UpstreamRequest up = adapter.embeddingRequest(request(
        "{\"model\":\"embed\",\"input\":[\"What is the meaning of life?\",\"How much wood?\",\"How does the brain work?\"]}"),
        embedder);
    assertEquals("http://127.0.0.1:9/v1beta/models/gemini-embedding-001:batchEmbedContents", up.url());
    assertEquals(json("{\"requests\":["
        + "{\"model\":\"models/gemini-embedding-001\",\"content\":{\"parts\":[{\"text\":\"What is the meaning of life?\"}]}},"
        + "{\"model\":\"models/gemini-embedding-001\",\"content\":{\"parts\":[{\"text\":\"How much wood?\"}]}},"
        + "{\"model\":\"models/gemini-embedding-001\",\"content\":{\"parts\":[{\"text\":\"How does the brain work?\"}]}}]}"),
        json(up.body()));
  }

  @Test
  void tokenArraysAreRejectedNamingInput() {
    GatewayError e = assertThrows(GatewayError.class,
        () -> adapter.embeddingRequest(request("{\"model\":\"embed\",\"input\":[[1,2,3]]}"), embedder));
    assertEquals(400, e.status());
    assertEquals("input", e.param());
  }

  @Test
  void aSingleAnswerReadsAsAnOpenAiListWithEstimatedUsage() {
    EmbeddingRequest ask = request("{\"model\":\"embed\",\"input\":\"What is the meaning of life?\"}");
    EmbeddingResponse r = adapter.embeddingResponse(answer(200, "embed-content.json"), ask, embedder);
    assertEquals("list", r.object());
    assertEquals(1, r.data().size());
    assertEquals("embedding", r.data().get(0).object());
    assertEquals(4, r.data().get(0).embedding().size());
    assertEquals(-0.022374554, r.data().get(0).embedding().get(0).asDouble(), 1e-8);
    int tokens = TokenEstimate.ofText("What is the meaning of life?");
    assertEquals(tokens, r.usage().promptTokens());
    assertEquals(tokens, r.usage().totalTokens());
    assertTrue(r.usage().extra().get("estimated").asBoolean());
  }

  @Test
  void aBatchAnswerKeepsInputOrderAndHonoursBase64() {
    EmbeddingRequest ask = request("{\"model\":\"embed\",\"input\":[\"a\",\"b\",\"c\"],\"encoding_format\":\"base64\"}");
    EmbeddingResponse r = adapter.embeddingResponse(answer(200, "batch-embed-contents.json"), ask, embedder);
    assertEquals(3, r.data().size());
    assertEquals(2, r.data().get(2).index());
    ByteBuffer third = ByteBuffer.wrap(Base64.getDecoder().decode(r.data().get(2).embedding().asText()))
        .order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(3 * Float.BYTES, third.remaining());
    assertEquals(0.019512197f, third.getFloat(), 0f);
  }

  @Test
  void aVectorCountThatDoesNotMatchTheInputsIsMalformed() {
    EmbeddingRequest ask = request("{\"model\":\"embed\",\"input\":[\"a\",\"b\"]}");
    UpstreamFailureException e = assertThrows(UpstreamFailureException.class,
        () -> adapter.embeddingResponse(answer(200, "batch-embed-contents.json"), ask, embedder));
    assertEquals(FailureClass.MALFORMED_RESPONSE, e.failure().reason());
  }
}
