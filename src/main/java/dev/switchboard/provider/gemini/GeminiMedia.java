package dev.switchboard.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.api.GatewayError;
import dev.switchboard.api.Json;
import java.util.Locale;
import java.util.Map;

/**
 * Translates OpenAI media content parts into Gemini parts. {@code data:} URLs (base64) become
 * {@code inlineData {mimeType, data}}; {@code http(s)} image URLs become {@code fileData {mimeType, fileUri}},
 * which Gemini fetches itself, with the MIME type guessed from the URL path's extension ({@code png},
 * {@code jpg}/{@code jpeg}, {@code webp}, {@code gif}, {@code heic}, {@code heif}; anything else is sent
 * as {@code image/jpeg}).
 */
final class GeminiMedia {
  private static final Map<String, String> IMAGE_TYPES = Map.of("png", "image/png", "jpg", "image/jpeg",
      "jpeg", "image/jpeg", "webp", "image/webp", "gif", "image/gif", "heic", "image/heic", "heif", "image/heif");
  private static final Map<String, String> AUDIO_TYPES = Map.of("wav", "audio/wav", "mp3", "audio/mp3");
  private static final Map<String, String> FILE_TYPES = Map.of("pdf", "application/pdf", "txt", "text/plain",
      "md", "text/md", "html", "text/html", "csv", "text/csv", "xml", "text/xml");

  private GeminiMedia() {}

  /** An {@code image_url} part. */
  static ObjectNode image(String url, String param) {
    if (url.startsWith("data:")) {
      return fromDataUrl(url, param);
    }
    String lower = url.toLowerCase(Locale.ROOT);
    if (!lower.startsWith("https://") && !lower.startsWith("http://")) {
      throw GatewayError.invalidRequest(param, param + ": must be an http(s) URL or a data: URL with base64 bytes");
    }
    ObjectNode part = Json.MAPPER.createObjectNode();
    part.putObject("fileData").put("mimeType", IMAGE_TYPES.getOrDefault(extension(url), "image/jpeg"))
        .put("fileUri", url);
    return part;
  }

  /** An {@code input_audio} part: {@code {"data": base64, "format": "wav"|"mp3"}}. */
  static ObjectNode audio(JsonNode audio, String param) {
    String format = audio == null ? "" : audio.path("format").asText("");
    if (audio == null || !audio.path("data").isTextual() || !AUDIO_TYPES.containsKey(format)) {
      throw GatewayError.invalidRequest(param, param + ": needs base64 'data' and 'format' wav or mp3");
    }
    return inline(AUDIO_TYPES.get(format), audio.path("data").asText());
  }

  /** A {@code file} part: {@code file_data} as a data: URL, or as bare base64 named by a {@code filename}. */
  static ObjectNode file(JsonNode file, String param) {
    String data = file == null ? "" : file.path("file_data").asText("");
    if (data.startsWith("data:")) {
      return fromDataUrl(data, param + ".file_data");
    }
    String type = file == null ? null : FILE_TYPES.get(extension(file.path("filename").asText("")));
    if (data.isEmpty() || type == null) {
      throw GatewayError.invalidRequest(param, param + ": gemini takes files as 'file_data' (a data: URL, or base64"
          + " with a filename ending in .pdf, .txt, .md, .html, .csv or .xml); 'file_id' cannot be sent to gemini");
    }
    return inline(type, data);
  }

  private static ObjectNode fromDataUrl(String url, String param) {
    int marker = url.indexOf(";base64,");
    String mime = marker < 0 ? "" : url.substring("data:".length(), marker);
    if (marker < 0 || mime.isEmpty() || mime.contains(";") || mime.contains(",")) {
      throw GatewayError.invalidRequest(param, param + ": a data: URL must look like data:<mime type>;base64,<bytes>");
    }
    return inline(mime, url.substring(marker + ";base64,".length()));
  }

  private static ObjectNode inline(String mimeType, String base64) {
    ObjectNode part = Json.MAPPER.createObjectNode();
    part.putObject("inlineData").put("mimeType", mimeType).put("data", base64);
    return part;
  }

  /** Lower-cased file extension of a URL's or file name's last path segment, or empty. */
  static String extension(String url) {
    String path = url;
    for (char end : new char[] {'?', '#'}) {
      int cut = path.indexOf(end);
      path = cut < 0 ? path : path.substring(0, cut);
    }
    int slash = path.lastIndexOf('/');
    int dot = path.lastIndexOf('.');
    return dot > slash ? path.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
  }
}
