package dev.switchboard.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import java.io.IOException;
import java.util.Set;

/**
 * OpenAI {@code tool_choice}: the mode {@code auto}, {@code none} or {@code required}, or one named
 * function ({@code {"type":"function","function":{"name":...}}}).
 */
@JsonSerialize(using = ToolChoice.Serializer.class)
@JsonDeserialize(using = ToolChoice.Deserializer.class)
public record ToolChoice(String mode, String functionName) {
  private static final Set<String> MODES = Set.of("auto", "none", "required");

  public static ToolChoice mode(String mode) {
    return new ToolChoice(mode, null);
  }

  public static ToolChoice function(String name) {
    return new ToolChoice(null, name);
  }

  static final class Serializer extends JsonSerializer<ToolChoice> {
    @Override
    public void serialize(ToolChoice value, JsonGenerator gen, SerializerProvider provider) throws IOException {
      if (value.mode() != null) {
        gen.writeString(value.mode());
        return;
      }
      gen.writeStartObject();
      gen.writeStringField("type", "function");
      gen.writeObjectFieldStart("function");
      gen.writeStringField("name", value.functionName());
      gen.writeEndObject();
      gen.writeEndObject();
    }
  }

  static final class Deserializer extends JsonDeserializer<ToolChoice> {
    @Override
    public ToolChoice deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
      if (p.currentToken() == JsonToken.VALUE_STRING) {
        String mode = p.getText();
        if (!MODES.contains(mode)) {
          throw InvalidFormatException.from(p, "must be one of auto, none, required or a function object",
              mode, ToolChoice.class);
        }
        return mode(mode);
      }
      JsonNode node = ctx.readTree(p);
      JsonNode name = node.path("function").path("name");
      if (!node.isObject() || !name.isTextual() || name.asText().isEmpty()) {
        throw InvalidFormatException.from(p, "must be one of auto, none, required or "
            + "{\"type\":\"function\",\"function\":{\"name\":...}}", node.toString(), ToolChoice.class);
      }
      return function(name.asText());
    }
  }
}
