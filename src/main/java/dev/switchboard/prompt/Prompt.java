package dev.switchboard.prompt;

import com.networknt.schema.JsonSchema;
import java.util.List;

/** A prompt version ready to call: its definition with the templates and schemas compiled. */
public record Prompt(PromptDefinition definition, List<Template> templates, JsonSchema input, JsonSchema output) {
  public Prompt {
    templates = List.copyOf(templates);
  }

  public String name() {
    return definition.name();
  }

  public int version() {
    return definition.version();
  }
}
