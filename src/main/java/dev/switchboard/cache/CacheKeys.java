package dev.switchboard.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.api.ChatRequest;
import dev.switchboard.api.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.TreeMap;

/**
 * The cache key of a request: SHA-256 over the tenant and the request normalized (members sorted at every level,
 * stream settings left out), so two requests differing only in member order share an answer and no answer is
 * ever shared between tenants.
 */
public final class CacheKeys {
  private CacheKeys() {}

  public static String of(String tenant, ChatRequest request) {
    ObjectNode tree = Json.MAPPER.valueToTree(request);
    tree.remove("stream");
    tree.remove("stream_options");
    StringBuilder canonical = new StringBuilder(tenant).append('\u0000');
    write(tree, canonical);
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  private static void write(JsonNode node, StringBuilder out) {
    if (node.isObject()) {
      TreeMap<String, JsonNode> sorted = new TreeMap<>();
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        String name = it.next();
        sorted.put(name, node.get(name));
      }
      out.append('{');
      sorted.forEach((name, value) -> {
        out.append(Json.MAPPER.getNodeFactory().textNode(name)).append(':');
        write(value, out);
        out.append(',');
      });
      out.append('}');
    } else if (node.isArray()) {
      out.append('[');
      node.forEach(item -> {
        write(item, out);
        out.append(',');
      });
      out.append(']');
    } else {
      out.append(node);
    }
  }
}
