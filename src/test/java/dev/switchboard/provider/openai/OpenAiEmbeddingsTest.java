package dev.switchboard.provider.openai;

import static dev.switchboard.provider.openai.OpenAiFixtures.KEY;
import static dev.switchboard.provider.openai.OpenAiFixtures.bytes;
import static dev.switchboard.provider.openai.OpenAiFixtures.deployment;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.api.EmbeddingRequest;
import dev.switchboard.api.EmbeddingRequestParser;
import dev.switchboard.api.EmbeddingResponse;
import dev.switchboard.api.Json;
import dev.switchboard.provider.FailureClass;
import dev.switchboard.provider.ProviderAdapter.UpstreamResponse;
import dev.switchboard.provider.UpstreamFailureException;
import dev.switchboard.provider.UpstreamRequest;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OpenAiEmbeddingsTest {
  private final OpenAiAdapter adapter = new OpenAiAdapter();

  private static EmbeddingRequest request(String json) {
    return EmbeddingRequestParser.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  private static UpstreamResponse ok(byte[] body) {
    return new UpstreamResponse(200, MultiMap.caseInsensitiveMultiMap(), Buffer.buffer(body));
  }

  @Test
  void requestGoesToEmbeddingsWithTheUpstreamModelAndEverythingElseUnchanged() throws Exception {
    UpstreamRequest up = adapter.embeddingRequest(request(
        "{\"model\":\"embed\",\"input\":[\"The food was delicious\"],\"encoding_format\":\"base64\",\"dimensions\":3,"
            + "\"vendor_option\":true}"), deployment());
    assertEquals("POST", up.method());
    assertEquals("http://127.0.0.1:9/v1/embeddings", up.url());
    assertEquals("Bearer " + KEY, up.headers().get("authorization"));
    JsonNode sent = Json.MAPPER.readTree(up.body().getBytes());
    assertEquals("gpt-4o-2024-08-06", sent.path("model").asText());
    assertEquals("base64", sent.path("encoding_format").asText());
    assertEquals(3, sent.path("dimensions").asInt());
    assertTrue(sent.path("vendor_option").asBoolean());
  }

  @Test
  void readsTheDocumentedAnswer() {
    EmbeddingResponse r = adapter.embeddingResponse(ok(bytes("embeddings.json")),
        request("{\"model\":\"embed\",\"input\":\"The food was delicious and the waiter...\"}"), deployment());
    assertEquals(1, r.data().size());
    assertEquals(-0.009327292, r.data().get(0).embedding().get(1).asDouble(), 1e-12);
    assertEquals(8, r.usage().promptTokens());
    assertEquals(8, r.usage().totalTokens());
  }

  @Test
  void unreadableAnswerIsMalformed() {
    UpstreamFailureException e = assertThrows(UpstreamFailureException.class, () -> adapter.embeddingResponse(
        ok("{\"object\":\"list\",\"data\":[]}".getBytes(StandardCharsets.UTF_8)),
        request("{\"model\":\"e\",\"input\":\"x\"}"), deployment()));
    assertEquals(FailureClass.MALFORMED_RESPONSE, e.failure().reason());
  }
}
