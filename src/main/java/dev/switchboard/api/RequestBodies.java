package dev.switchboard.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.io.IOException;

/** Binds a JSON request body to a record; every failure is a 400 naming the field at fault. */
final class RequestBodies {
  private RequestBodies() {}

  static <T> T read(byte[] body, Class<T> type) {
    if (body == null || body.length == 0) {
      throw GatewayError.invalidRequest(null, "request body is empty; expected a JSON object");
    }
    try {
      if (!Json.MAPPER.readTree(body).isObject()) {
        throw GatewayError.invalidRequest(null, "request body must be a JSON object");
      }
      return Json.MAPPER.readValue(body, type);
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
