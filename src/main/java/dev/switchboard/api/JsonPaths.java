package dev.switchboard.api;

import com.fasterxml.jackson.databind.JsonMappingException.Reference;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Renders Jackson's reference chains as the field paths users write: {@code messages[0].content}. */
final class JsonPaths {
  private JsonPaths() {}

  static String of(List<Reference> path) {
    StringBuilder sb = new StringBuilder();
    for (Reference ref : path) {
      if (ref.getFieldName() != null) {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      }
    }
    return sb.length() == 0 ? "body" : sb.toString();
  }

  static String typeName(Class<?> type) {
    if (type == String.class) {
      return "a string";
    }
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "an integer";
    }
    if (Number.class.isAssignableFrom(type) || type == double.class) {
      return "a number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "a boolean";
    }
    if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "an array";
    }
    if (type == MessageContent.class) {
      return "a string or an array of content parts";
    }
    if (Map.class.isAssignableFrom(type) || type.isRecord()) {
      return "an object";
    }
    return "a value of another type";
  }
}
