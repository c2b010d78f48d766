package dev.switchboard.provider.cohere;

import static dev.switchboard.provider.cohere.CohereFixtures.KEY;
import static dev.switchboard.provider.cohere.CohereFixtures.answer;
import static dev.switchboard.provider.cohere.CohereFixtures.deployment;
import static dev.switchboard.provider.cohere.CohereFixtures.fixtureAnswer;
import static dev.switchboard.provider.cohere.CohereFixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.api.EmbeddingRequest;
import dev.switchboard.api.EmbeddingRequestParser;
import dev.switchboard.api.EmbeddingResponse;
import dev.switchboard.api.GatewayError;
import dev.switchboard.api.Json;
import dev.switchboard.provider.FailureClass;
import dev.switchboard.provider.UpstreamFailureException;
import dev.switchboard.provider.UpstreamRequest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class CohereEmbeddingsTest {
  private final CohereAdapter adapter = new CohereAdapter();

  private static EmbeddingRequest request(String json) {
    return EmbeddingRequestParser.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void requestGoesToV2EmbedWithTextsInputTypeAndFloats() throws Exception {
    UpstreamRequest up = adapter.embeddingRequest(request(
        "{\"model\":\"embed\",\"input\":[\"hello\",\"goodbye\"],\"dimensions\":256,\"user\":\"u1\"}"), deployment());
    assertEquals("POST", up.method());
    assertEquals("http://127.0.0.1:9/v2/embed", up.url());
    assertEquals("Bearer " + KEY, up.headers().get("authorization"));
    assertEquals(Json.MAPPER.readTree("{\"model\":\"command-a-03-2025\",\"texts\":[\"hello\",\"goodbye\"],"
        + "\"input_type\":\"search_document\",\"embedding_types\":[\"float\"],\"output_dimension\":256}"), json(up.body()));
  }

  @Test
  void theClientMayChooseInputTypeAndTruncate() {
    JsonNode body = json(adapter.embeddingRequest(request("{\"model\":\"embed\",\"input\":\"what is the capital?\","
        + "\"input_type\":\"search_query\",\"truncate\":\"END\"}"), deployment()).body());
    assertEquals("search_query", body.path("input_type").asText());
    assertEquals("END", body.path("truncate").asText());
    assertEquals("what is the capital?", body.path("texts").get(0).asText());
    assertFalse(body.has("output_dimension"));
  }

  @Test
  void inputsCohereCannotTakeAreRefusedNamingTheField() {
    GatewayError tokens = assertThrows(GatewayError.class, () -> adapter.embeddingRequest(
        request("{\"model\":\"embed\",\"input\":[[1,2,3]]}"), deployment()));
    assertEquals(400, tokens.status());
    assertEquals("input", tokens.param());
    GatewayError inputType = assertThrows(GatewayError.class, () -> adapter.embeddingRequest(
        request("{\"model\":\"embed\",\"input\":\"x\",\"input_type\":5}"), deployment()));
    assertEquals("input_type", inputType.param());
  }

  @Test
  void readsTheDocumentedAnswerInInputOrderWithBilledTokens() {
    EmbeddingResponse r = adapter.embeddingResponse(fixtureAnswer(200, "embed.json"),
        request("{\"model\":\"embed\",\"input\":[\"hello\",\"goodbye\"]}"), deployment());
    assertEquals("list", r.object());
    assertEquals(2, r.data().size());
    assertEquals(1, r.data().get(1).index());
    assertEquals("embedding", r.data().get(0).object());
    assertEquals(0.016296387, r.data().get(0).embedding().get(0).asDouble(), 1e-7);
    assertEquals(-0.0023498535, r.data().get(1).embedding().get(0).asDouble(), 1e-7);
    assertEquals(6, r.data().get(0).embedding().size());
    assertEquals(2, r.usage().promptTokens());
    assertEquals(2, r.usage().totalTokens());
    assertEquals(0, r.usage().completionTokens());
  }

  @Test
  void base64WhenTheClientAsksForIt() {
    EmbeddingResponse r = adapter.embeddingResponse(fixtureAnswer(200, "embed.json"),
        request("{\"model\":\"embed\",\"input\":[\"hello\",\"goodbye\"],\"encoding_format\":\"base64\"}"), deployment());
    ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(r.data().get(0).embedding().asText()))
        .order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(6 * Float.BYTES, bytes.remaining());
    assertEquals(0.016296387f, bytes.getFloat(), 0f);
  }

  @Test
  void missingUsageIsEstimatedAndBadAnswersAreMalformed() {
    EmbeddingRequest one = request("{\"model\":\"embed\",\"input\":\"hello world\"}");
    EmbeddingResponse estimated = adapter.embeddingResponse(answer(200,
        "{\"id\":\"e\",\"embeddings\":{\"float\":[[0.5,0.25]]},\"texts\":[\"hello world\"]}"), one, deployment());
    assertTrue(estimated.usage().promptTokens() > 0);
    assertTrue(estimated.usage().extra().get("estimated").asBoolean());

    for (String body : new String[] {"{\"embeddings\":{\"float\":[]}}", "{\"embeddings\":{\"int8\":[[1,2]]}}",
        "{\"embeddings\":{\"float\":[\"x\"]}}", "nope"}) {
      UpstreamFailureException e = assertThrows(UpstreamFailureException.class,
          () -> adapter.embeddingResponse(answer(200, body), one, deployment()), body);
      assertEquals(FailureClass.MALFORMED_RESPONSE, e.failure().reason(), body);
    }
  }
}
