package dev.switchboard.provider.vertex;

import dev.switchboard.provider.Deployment;
import java.util.Locale;

/**
 * Which Vertex AI publisher serves a deployment's model: {@code google} (Gemini and embedding models, Gemini's
 * bodies) or {@code anthropic} (Claude, the Messages API bodies over {@code rawPredict}). Decided by the model
 * name — {@code claude-*} is Anthropic's, anything else Google's — unless the provider sets {@code publisher}.
 */
enum VertexPublisher {
  GOOGLE("google"),
  ANTHROPIC("anthropic");

  static final String OPTION = "publisher";
  private final String id;

  VertexPublisher(String id) {
    this.id = id;
  }

  /** The publisher's name in Vertex AI URLs. */
  String id() {
    return id;
  }

  static VertexPublisher of(Deployment deployment) {
    String chosen = deployment.provider().option(OPTION, null);
    if (chosen != null) {
      return parse(chosen);
    }
    return deployment.model().startsWith("claude-") ? ANTHROPIC : GOOGLE;
  }

  /** The publisher named {@code text}, or null when it names none. */
  static VertexPublisher parse(String text) {
    for (VertexPublisher publisher : values()) {
      if (publisher.id.equals(text.toLowerCase(Locale.ROOT))) {
        return publisher;
      }
    }
    return null;
  }
}
