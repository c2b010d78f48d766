package dev.switchboard.provider;

import dev.switchboard.api.ChatRequest;
import dev.switchboard.api.ChatRequestParser;
import java.nio.charset.StandardCharsets;

/** The smallest useful chat request: one short user message and at most one output token. */
public final class HealthProbe {
  /** {@code ping}, answered with at most one token. */
  public static final ChatRequest ONE_TOKEN = ChatRequestParser.parse(
      "{\"model\":\"probe\",\"max_tokens\":1,\"messages\":[{\"role\":\"user\",\"content\":\"ping\"}]}"
          .getBytes(StandardCharsets.UTF_8));

  private HealthProbe() {}
}
