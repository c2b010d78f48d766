package dev.switchboard.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class EmbeddingRequestParserTest {

  private static EmbeddingRequest parse(String json) {
    return EmbeddingRequestParser.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void acceptsAStringAListOfStringsAndTokenArrays() {
    assertEquals(List.of("hello"), parse("{\"model\":\"e\",\"input\":\"hello\"}").texts().orElseThrow());
    assertEquals(List.of("a", "b"), parse("{\"model\":\"e\",\"input\":[\"a\",\"b\"]}").texts().orElseThrow());
    assertFalse(parse("{\"model\":\"e\",\"input\":[1,2,3]}").texts().isPresent());
    assertFalse(parse("{\"model\":\"e\",\"input\":[[1,2],[3]]}").texts().isPresent());
  }

  @Test
  void keepsUnknownFieldsAndOptions() {
    EmbeddingRequest r = parse("{\"model\":\"e\",\"input\":\"x\",\"encoding_format\":\"base64\",\"dimensions\":256,"
        + "\"user\":\"u1\",\"vendor_option\":{\"k\":1}}");
    assertTrue(r.wantsBase64());
    assertEquals(256, r.dimensions());
    assertEquals(1, r.extra().get("vendor_option").path("k").asInt());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"input\":\"x\"}|model",
      "{\"model\":\"e\"}|input",
      "{\"model\":\"e\",\"input\":\"\"}|input",
      "{\"model\":\"e\",\"input\":[]}|input",
      "{\"model\":\"e\",\"input\":42}|input",
      "{\"model\":\"e\",\"input\":[\"ok\",\"\"]}|input[1]",
      "{\"model\":\"e\",\"input\":[\"ok\",7]}|input[1]",
      "{\"model\":\"e\",\"input\":[1,\"x\"]}|input[1]",
      "{\"model\":\"e\",\"input\":\"x\",\"encoding_format\":\"int8\"}|encoding_format",
      "{\"model\":\"e\",\"input\":\"x\",\"dimensions\":0}|dimensions",
      "{\"model\":\"e\",\"input\":\"x\",\"dimensions\":\"many\"}|dimensions"})
  void rejectsWithTheFieldAtFault(String body, String param) {
    GatewayError e = assertThrows(GatewayError.class, () -> parse(body));
    assertEquals(400, e.status());
    assertEquals(param, e.param());
    assertTrue(e.getMessage().startsWith(param + ":"), e.getMessage());
  }

  @Test
  void base64VectorsAreLittleEndianFloat32() {
    float[] vector = {0.5f, -1.25f, 3f};
    String encoded = EmbeddingVectors.items(List.of(vector), true).get(0).embedding().asText();
    ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(encoded)).order(ByteOrder.LITTLE_ENDIAN);
    float[] decoded = new float[3];
    bytes.asFloatBuffer().get(decoded);
    assertArrayEquals(vector, decoded);
    assertEquals("[0.5,-1.25,3.0]", EmbeddingVectors.items(List.of(vector), false).get(0).embedding().toString());
  }
}
