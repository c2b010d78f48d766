package dev.switchboard.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** OpenAI's {@code stop} accepts one string or an array of strings; the gateway always holds a list. */
final class StopSequences {
  private StopSequences() {}

  static final class Deserializer extends JsonDeserializer<List<String>> {
    @Override
    public List<String> deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
      if (p.currentToken() == JsonToken.VALUE_STRING) {
        return List.of(p.getText());
      }
      if (p.currentToken() != JsonToken.START_ARRAY) {
        return (List<String>) ctx.handleUnexpectedToken(List.class, p);
      }
      List<String> out = new ArrayList<>();
      while (p.nextToken() != JsonToken.END_ARRAY) {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
          return (List<String>) ctx.handleUnexpectedToken(String.class, p);
        }
        out.add(p.getText());
      }
      return List.copyOf(out);
    }
  }
}
