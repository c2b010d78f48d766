package dev.switchboard.routing.doctor;

import dev.switchboard.provider.FailureClass;
import io.vertx.core.Vertx;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code http}: an unauthenticated {@code GET} of the base URL's path over the connection the previous steps
 * opened. Any HTTP answer, whatever its status, proves the server speaks HTTP there.
 */
final class HttpStep extends BlockingStep {
  static final String NAME = "http";
  private static final int MAX_HEAD_BYTES = 16 * 1024;
  private static final int SHOWN_BYTES = 40;
  /** CR LF CR LF as the last four bytes read. */
  private static final int END_OF_HEAD = 0x0d0a0d0a;
  private static final Pattern STATUS_LINE = Pattern.compile("^HTTP/\\d(?:\\.\\d)? (\\d{3})(?: ([^\\r\\n]*))?");

  HttpStep(Vertx vertx) {
    super(vertx);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  StepResult runBlocking(CheckState state) {
    Endpoint endpoint = state.endpoint;
    Socket socket = state.socket();
    String request = "GET " + endpoint.path() + " HTTP/1.1\r\nHost: " + hostHeader(endpoint)
        + "\r\nUser-Agent: switchboard-doctor\r\nAccept: */*\r\nConnection: close\r\n\r\n";
    String head;
    try {
      socket.setSoTimeout(socketTimeoutMs(state));
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      head = readHead(socket.getInputStream());
    } catch (SocketTimeoutException e) {
      return StepResult.fail(NAME, FailureClass.READ_TIMEOUT, "no HTTP answer to GET " + endpoint.path() + " within "
          + socketTimeoutMs(state) + " ms", state.hints.silentServer(state.target, endpoint, socketTimeoutMs(state)));
    } catch (IOException e) {
      return StepResult.fail(NAME, FailureClass.MALFORMED_RESPONSE, "the connection failed before an HTTP answer: "
          + e.getMessage(), state.hints.notHttp(state.target, endpoint));
    } finally {
      state.close();
    }
    Matcher status = STATUS_LINE.matcher(head);
    if (!status.find()) {
      String shown = head.isEmpty() ? "the server closed the connection without answering"
          : "the answer does not start with an HTTP status line: \"" + printable(head) + "\"";
      return StepResult.fail(NAME, FailureClass.MALFORMED_RESPONSE, shown + " (GET " + endpoint.path() + ")",
          state.hints.notHttp(state.target, endpoint));
    }
    String server = header(head, "server");
    return StepResult.ok(NAME, "GET " + endpoint.path() + " answered HTTP " + status.group(1)
        + (status.group(2) == null || status.group(2).isBlank() ? "" : " " + status.group(2).strip())
        + (server == null ? " (no server header)" : ", server: " + printable(server)));
  }

  private static String hostHeader(Endpoint endpoint) {
    boolean defaultPort = endpoint.port() == (endpoint.https() ? 443 : 80);
    return defaultPort ? (endpoint.host().contains(":") ? "[" + endpoint.host() + "]" : endpoint.host())
        : endpoint.authority();
  }

  /** The status line and headers, up to the blank line (or what arrived before the server closed). */
  private static String readHead(InputStream raw) throws IOException {
    InputStream in = new BufferedInputStream(raw);
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int last4 = 0;
    int b;
    while (head.size() < MAX_HEAD_BYTES && (b = in.read()) >= 0) {
      head.write(b);
      last4 = (last4 << 8) | b;
      if (last4 == END_OF_HEAD) {
        break;
      }
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  private static String header(String head, String name) {
    String prefix = name.toLowerCase(Locale.ROOT) + ":";
    return head.lines().filter(l -> l.toLowerCase(Locale.ROOT).startsWith(prefix))
        .map(l -> l.substring(prefix.length()).strip()).findFirst().orElse(null);
  }

  /** The first bytes, with control and non-ASCII characters shown as dots. */
  private static String printable(String text) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < Math.min(SHOWN_BYTES, text.length()); i++) {
      char c = text.charAt(i);
      out.append(c >= 0x20 && c < 0x7f ? c : '.');
    }
    return out + (text.length() > SHOWN_BYTES ? "..." : "");
  }

  @Override
  public long timeoutMs(CheckState state) {
    return socketTimeoutMs(state) + GRACE_MS;
  }

  @Override
  public StepResult timedOut(CheckState state, long ms) {
    return StepResult.fail(NAME, FailureClass.READ_TIMEOUT, "no HTTP answer within " + ms + " ms",
        state.hints.silentServer(state.target, state.endpoint, ms));
  }
}
