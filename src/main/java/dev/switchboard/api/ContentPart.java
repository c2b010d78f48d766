package dev.switchboard.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** One part of array content: {@code text}, {@code image_url}, or another type kept verbatim in {@link #extra}. */
public record ContentPart(
    String type,
    String text,
    ImageUrl imageUrl,
    @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {

  public ContentPart {
    extra = extra == null ? new LinkedHashMap<>() : extra;
  }

  public static ContentPart text(String text) {
    return new ContentPart("text", text, null, null);
  }

  public static ContentPart image(String url) {
    return new ContentPart("image_url", null, new ImageUrl(url, null), null);
  }

  /** An image reference: an https URL or a {@code data:} URL with base64 bytes; {@code detail} is low/high/auto. */
  public record ImageUrl(String url, String detail) {}
}
