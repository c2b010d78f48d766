package dev.switchboard.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Message content: either a plain string ({@link #text} set) or an array of parts such as text and
 * image_url ({@link #parts} set). Serialized back in the same form it arrived in.
 */
@JsonSerialize(using = MessageContent.Serializer.class)
@JsonDeserialize(using = MessageContent.Deserializer.class)
public record MessageContent(String text, List<ContentPart> parts) {

  public static MessageContent ofText(String text) {
    return new MessageContent(text, null);
  }

  public static MessageContent ofParts(List<ContentPart> parts) {
    return new MessageContent(null, List.copyOf(parts));
  }

  /** True when the content arrived as an array of parts. */
  public boolean isParts() {
    return parts != null;
  }

  /** The text of the content; for parts, the text parts joined by newlines. */
  public String joinedText() {
    if (text != null) {
      return text;
    }
    return parts.stream().filter(p -> p.text() != null).map(ContentPart::text).collect(Collectors.joining("\n"));
  }

  static final class Serializer extends JsonSerializer<MessageContent> {
    @Override
    public void serialize(MessageContent value, JsonGenerator gen, SerializerProvider provider) throws IOException {
      if (value.text() != null) {
        gen.writeString(value.text());
      } else {
        provider.defaultSerializeValue(value.parts(), gen);
      }
    }
  }

  static final class Deserializer extends JsonDeserializer<MessageContent> {
    @Override
    public MessageContent deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
      if (p.currentToken() == JsonToken.VALUE_STRING) {
        return ofText(p.getText());
      }
      if (p.currentToken() == JsonToken.START_ARRAY) {
        ContentPart[] parts = ctx.readValue(p, ContentPart[].class);
        return ofParts(List.of(parts));
      }
      return (MessageContent) ctx.handleUnexpectedToken(MessageContent.class, p);
    }
  }
}
