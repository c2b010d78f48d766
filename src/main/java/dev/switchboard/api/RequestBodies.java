package dev.switchboard.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.io.IOException;
import java.util.Set;

/**
 * Binds a JSON request body to a record; every failure is a 400 naming the field at fault. A body never chooses
 * where a request goes or with which credentials: fields that do so in other gateways' APIs are refused.
 */
final class RequestBodies {
  /** Members that would let a caller pick the upstream URL, credentials or headers (an SSRF and key-theft path). */
  static final Set<String> ROUTING_OVERRIDES = Set.of("api_base", "base_url", "api_key", "api_version",
      "azure_ad_token", "organization", "extra_headers", "headers", "aws_access_key_id", "aws_secret_access_key",
      "aws_session_token", "aws_region_name", "vertex_project", "vertex_location", "vertex_credentials");

  private RequestBodies() {}

  static <T> T read(byte[] body, Class<T> type) {
    if (body == null || body.length == 0) {
      throw GatewayError.invalidRequest(null, "request body is empty; expected a JSON object");
    }
    try {
      JsonNode tree = Json.MAPPER.readTree(body);
      if (tree == null || !tree.isObject()) {
        throw GatewayError.invalidRequest(null, "request body must be a JSON object");
      }
      for (String field : ROUTING_OVERRIDES) {
        if (tree.has(field)) {
          throw GatewayError.invalidRequest(field, field + ": not accepted; the gateway's configuration decides the "
              + "upstream, its credentials and its headers");
        }
      }
      return Json.MAPPER.treeToValue(tree, type); // bound from the tree: the body is tokenized once
    } catch (JsonMappingException e) {
      String path = JsonPaths.of(e.getPath());
      throw GatewayError.invalidRequest(path, path + ": " + describe(e));
    } catch (JsonProcessingException e) {
      throw GatewayError.invalidRequest(null, "request body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw GatewayError.invalidRequest(null, "request body could not be read: " + e.getMessage());
    }
  }

  private static String describe(JsonMappingException e) {
    if (e instanceof InvalidFormatException ife && ife.getOriginalMessage().startsWith("must ")) {
      return ife.getOriginalMessage();
    }
    if (e instanceof MismatchedInputException mie && mie.getTargetType() != null) {
      return "expected " + JsonPaths.typeName(mie.getTargetType());
    }
    return e.getOriginalMessage();
  }
}
