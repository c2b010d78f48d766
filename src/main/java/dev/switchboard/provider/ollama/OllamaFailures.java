package dev.switchboard.provider.ollama;

import dev.switchboard.provider.Failure;
import dev.switchboard.provider.FailureClass;
import dev.switchboard.provider.Failures;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Classifies Ollama's {@code {"error":"..."}} answers. Beyond the defaults: an unknown model (404) is the
 * deployment's misconfiguration, not the caller's, so it fails over (and says to {@code ollama pull} it);
 * Ollama's context-length wording is a context-length failure whatever the status.
 */
final class OllamaFailures {
  private static final Pattern MODEL = Pattern.compile("model ['\"]([^'\"]+)['\"]");

  private OllamaFailures() {}

  static Failure classify(int status, MultiMap headers, Buffer body) {
    Failure failure = Failures.fromStatus(status, headers, body);
    String text = body == null ? "" : body.toString().toLowerCase(Locale.ROOT);
    if (text.contains("exceeds the context length") || text.contains("context length exceeded")) {
      return new Failure(FailureClass.CONTEXT_LENGTH_EXCEEDED, false, status, failure.message(), -1);
    }
    if (status == 404 && text.contains("not found")) {
      return new Failure(FailureClass.UPSTREAM_5XX, true, status, failure.message() + "; " + pullHint(body), -1);
    }
    return failure;
  }

  private static String pullHint(Buffer body) {
    Matcher m = MODEL.matcher(Failures.upstreamMessage(body).orElse(""));
    String model = m.find() ? m.group(1) : "<model>";
    return "the model is not on this Ollama server: run `ollama pull " + model + "` there";
  }
}
