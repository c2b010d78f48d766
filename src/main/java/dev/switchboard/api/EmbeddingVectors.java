package dev.switchboard.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Builds OpenAI embedding items from vectors that non-OpenAI backends return as numbers. */
public final class EmbeddingVectors {
  private EmbeddingVectors() {}

  /** The OpenAI {@code data} list for {@code vectors}, encoded as the client asked. */
  public static List<EmbeddingResponse.Embedding> items(List<float[]> vectors, boolean base64) {
    List<EmbeddingResponse.Embedding> out = new ArrayList<>(vectors.size());
    for (int i = 0; i < vectors.size(); i++) {
      out.add(new EmbeddingResponse.Embedding("embedding", i, encode(vectors.get(i), base64)));
    }
    return out;
  }

  static JsonNode encode(float[] vector, boolean base64) {
    if (base64) {
      ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
      for (float v : vector) {
        bytes.putFloat(v);
      }
      return Json.MAPPER.getNodeFactory().textNode(Base64.getEncoder().encodeToString(bytes.array()));
    }
    ArrayNode array = Json.MAPPER.createArrayNode();
    for (float v : vector) {
      array.add(v);
    }
    return array;
  }

  /** Reads a JSON array of numbers as a float vector. */
  public static float[] read(JsonNode array) {
    float[] out = new float[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) array.get(i).asDouble();
    }
    return out;
  }
}
