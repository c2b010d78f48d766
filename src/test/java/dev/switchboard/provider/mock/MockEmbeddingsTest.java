package dev.switchboard.provider.mock;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.api.EmbeddingRequest;
import dev.switchboard.api.Json;
import org.junit.jupiter.api.Test;

class MockEmbeddingsTest {

  @Test
  void sameTextSameUnitVectorInInputOrder() throws Exception {
    EmbeddingRequest request = Json.MAPPER.readValue(
        "{\"model\":\"m\",\"input\":[\"alpha\",\"beta\",\"alpha\"],\"dimensions\":8}", EmbeddingRequest.class);
    JsonNode answer = MockEmbeddings.answer(request);
    assertEquals(3, answer.path("data").size());
    assertEquals(2, answer.path("data").get(2).path("index").asInt());
    assertEquals(answer.path("data").get(0).path("embedding"), answer.path("data").get(2).path("embedding"));
    assertFalse(answer.path("data").get(0).path("embedding").equals(answer.path("data").get(1).path("embedding")));
    float[] v = MockEmbeddings.vector("alpha", 8);
    double norm = 0;
    for (float x : v) {
      norm += x * x;
    }
    assertEquals(1.0, norm, 1e-5);
    assertArrayEquals(v, MockEmbeddings.vector("alpha", 8));
    assertEquals(answer.path("usage").path("prompt_tokens").asInt(), answer.path("usage").path("total_tokens").asInt());
  }

  @Test
  void defaultDimensions() throws Exception {
    EmbeddingRequest request = Json.MAPPER.readValue("{\"model\":\"m\",\"input\":\"x\"}", EmbeddingRequest.class);
    assertEquals(MockEmbeddings.DEFAULT_DIMENSIONS, MockEmbeddings.answer(request).path("data").get(0).path("embedding").size());
  }
}
