package dev.switchboard.prompt;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/**
 * One immutable version of a prompt published as a REST API (CONTRACT section 4).
 *
 * @param name        the prompt's name, also its path: {@code POST /v1/prompts/{name}}
 * @param version     1, 2, ... per name; a publish never changes an existing version
 * @param description what the prompt does, for discovery and the OpenAPI document
 * @param model       the public model it runs on (routing, failover and fallbacks apply)
 * @param params      chat parameters sent with it ({@code temperature}, {@code max_tokens}, ...)
 * @param messages    the message templates
 * @param input       JSON Schema of the variables (type object; defaults filled in)
 * @param output      JSON Schema the reply must satisfy (parsed as JSON), or null for plain text
 * @param tenants     tenants allowed to call it; {@code "*"} allows all
 * @param source      {@code file:<path>} or {@code api}
 * @param publishedAt when this version was published (for a file: when it was loaded)
 */
public record PromptDefinition(String name, int version, String description, String model, ObjectNode params,
                               List<MessageTemplate> messages, ObjectNode input, ObjectNode output,
                               List<String> tenants, String source, Instant publishedAt) {

  public PromptDefinition {
    messages = List.copyOf(messages);
    tenants = List.copyOf(tenants);
  }

  /** One message: its role and its content template. */
  public record MessageTemplate(String role, String content) {}

  /** True when {@code tenant} may call this prompt. */
  public boolean allows(String tenant) {
    return tenants.contains("*") || tenants.contains(tenant);
  }

  /** A copy with another version, source and publication time. */
  public PromptDefinition published(int newVersion, String newSource, Instant at) {
    return new PromptDefinition(name, newVersion, description, model, params, messages, input, output, tenants,
        newSource, at);
  }
}
