package dev.switchboard.api;

/** A function call the assistant asked for; {@code arguments} is a JSON text as the model produced it. */
public record ToolCall(String id, String type, FunctionCall function) {

  public static ToolCall function(String id, String name, String arguments) {
    return new ToolCall(id, "function", new FunctionCall(name, arguments));
  }

  /** The called function's name and JSON arguments. */
  public record FunctionCall(String name, String arguments) {}
}
