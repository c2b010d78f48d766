package dev.switchboard.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.api.Json;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.StreamResetException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/** The default classification of upstream answers and transport errors into {@link Failure}s. */
public final class Failures {
  private static final int MAX_MESSAGE = 300;
  private static final Pattern SECRET = Pattern.compile("(sk-|key-|AIza)[A-Za-z0-9_\\-]{6,}");

  private Failures() {}

  /** Classifies a non-2xx status, reading the upstream's error message from a JSON body when there is one. */
  public static Failure fromStatus(int status, MultiMap headers, Buffer body) {
    String detail = "HTTP " + status + upstreamMessage(body).map(m -> ": " + m).orElse("");
    long retryAfter = retryAfterMs(headers);
    FailureClass reason;
    if (status == 401 || status == 403) {
      reason = FailureClass.AUTH_REJECTED;
    } else if (status == 429) {
      reason = FailureClass.RATE_LIMITED;
    } else if (status >= 500 || status == 408) {
      reason = status == 504 || status == 408 ? FailureClass.READ_TIMEOUT : FailureClass.UPSTREAM_5XX;
    } else if (status >= 400) {
      reason = callerFault(body);
    } else {
      reason = FailureClass.MALFORMED_RESPONSE;
    }
    return new Failure(reason, !reason.isCallerFault(), status, detail, retryAfter);
  }

  /** Tells a too-long prompt and a content-policy refusal apart from other request errors, from the body. */
  public static FailureClass callerFault(Buffer body) {
    String text = body == null ? "" : body.toString().toLowerCase(java.util.Locale.ROOT);
    if (text.contains("context_length_exceeded") || text.contains("maximum context length")
        || text.contains("prompt is too long") || text.contains("input is too long")
        || text.contains("exceeds the maximum number of tokens") || text.contains("context window")) {
      return FailureClass.CONTEXT_LENGTH_EXCEEDED;
    }
    if (text.contains("content_filter") || text.contains("content_policy") || text.contains("responsibleaipolicyviolation")
        || text.contains("safety")) {
      return FailureClass.CONTENT_FILTERED;
    }
    return FailureClass.CALLER_ERROR;
  }

  /** Classifies a transport error by walking its cause chain. */
  public static Failure fromThrowable(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof UpstreamFailureException ufe) {
        return ufe.failure();
      }
      if (t instanceof UnknownHostException) {
        return Failure.of(FailureClass.DNS_FAILURE, 0, "DNS lookup failed for " + t.getMessage());
      }
      if (t instanceof io.netty.channel.ConnectTimeoutException) {
        return Failure.of(FailureClass.CONNECT_TIMEOUT, 0, "TCP connect timed out: " + t.getMessage());
      }
      if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
        return Failure.of(FailureClass.CONNECT_REFUSED, 0, "TCP connect refused: " + t.getMessage());
      }
      if (t instanceof SSLException) {
        return Failure.of(FailureClass.TLS_ERROR, 0, "TLS handshake failed: " + tlsDetail(t));
      }
      if (t instanceof TimeoutException) {
        return Failure.of(FailureClass.READ_TIMEOUT, 0, "no response in time: " + t.getMessage());
      }
      if (t instanceof HttpClosedException || t instanceof StreamResetException) {
        return Failure.of(FailureClass.MALFORMED_RESPONSE, 0, "connection closed by upstream before the response completed");
      }
    }
    String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
    if (message.contains("Connection reset")) {
      return Failure.of(FailureClass.MALFORMED_RESPONSE, 0, "connection reset by upstream");
    }
    return Failure.of(FailureClass.MALFORMED_RESPONSE, 0, "transport error: " + redact(message));
  }

  /** The kind of TLS problem ({@link TlsProblem}) and the JDK's own words for it. */
  private static String tlsDetail(Throwable ssl) {
    TlsProblem problem = TlsProblem.of(ssl);
    Throwable precise = ssl;
    for (Throwable t = ssl; t != null; t = t.getCause()) {
      if (t.getMessage() != null) {
        precise = t;
      }
    }
    String words = problem == TlsProblem.OTHER || precise.getMessage() == null ? String.valueOf(ssl.getMessage())
        : precise.getMessage();
    return problem == TlsProblem.OTHER ? redact(words) : problem.summary() + " (" + redact(words) + ")";
  }

  /** The {@code error.message} (or similar) of an upstream error body, shortened and with key-like strings masked. */
  public static java.util.Optional<String> upstreamMessage(Buffer body) {
    if (body == null || body.length() == 0) {
      return java.util.Optional.empty();
    }
    String text = body.toString();
    try {
      JsonNode node = Json.MAPPER.readTree(text);
      JsonNode msg = node.path("error").path("message");
      if (!msg.isTextual()) {
        msg = node.path("error").isTextual() ? node.path("error") : node.path("message");
      }
      if (msg.isTextual()) {
        text = msg.asText();
      }
    } catch (Exception notJson) {
      // keep the raw text
    }
    text = redact(text.strip().replaceAll("\\s+", " "));
    return java.util.Optional.of(text.length() > MAX_MESSAGE ? text.substring(0, MAX_MESSAGE) + "..." : text);
  }

  /** Masks key-like strings ({@code sk-...}, {@code key-...}, {@code AIza...}) in text meant for operators. */
  public static String redact(String text) {
    return SECRET.matcher(text).replaceAll("$1***");
  }

  /** {@code retry-after-ms}, {@code retry-after} seconds or HTTP date, in milliseconds; -1 when absent or unreadable. */
  static long retryAfterMs(MultiMap headers) {
    if (headers == null) {
      return -1;
    }
    try {
      String ms = headers.get("retry-after-ms");
      if (ms != null) {
        return Math.max(0, (long) Double.parseDouble(ms.trim()));
      }
      String value = headers.get("retry-after");
      if (value == null) {
        return -1;
      }
      value = value.trim();
      if (value.chars().allMatch(Character::isDigit)) {
        return Long.parseLong(value) * 1000;
      }
      ZonedDateTime when = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
      return Math.max(0, Duration.between(ZonedDateTime.now(when.getZone()), when).toMillis());
    } catch (RuntimeException unreadable) {
      return -1;
    }
  }
}
