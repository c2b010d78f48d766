package dev.switchboard.routing.doctor;

import dev.switchboard.provider.FailureClass;
import dev.switchboard.provider.Failures;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/** {@code tcp}: connects to each resolved address in turn, within the provider's {@code connect_timeout_ms}. */
final class TcpStep extends BlockingStep {
  static final String NAME = "tcp";

  TcpStep(Vertx vertx) {
    super(vertx);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  StepResult runBlocking(CheckState state) {
    int port = state.endpoint.port();
    int timeout = connectTimeoutMs(state);
    List<String> tried = new ArrayList<>();
    boolean allTimedOut = true;
    for (InetAddress address : state.addresses()) {
      String where = address.getHostAddress() + ":" + port;
      long started = System.nanoTime();
      Socket socket = new Socket();
      try {
        socket.connect(new InetSocketAddress(address, port), timeout);
        socket.setTcpNoDelay(true);
        state.socket(socket);
        return StepResult.ok(NAME, "connected to " + where + " in " + millisSince(started) + " ms");
      } catch (SocketTimeoutException e) {
        closeQuietly(socket);
        tried.add(where + " timed out after " + millisSince(started) + " ms");
      } catch (IOException e) {
        closeQuietly(socket);
        allTimedOut = false;
        String why = Failures.fromThrowable(e).reason() == FailureClass.CONNECT_REFUSED
            ? "refused" : "failed";
        tried.add(where + " " + why + " after " + millisSince(started) + " ms (" + e.getMessage() + ")");
      }
    }
    String detail = String.join("; ", tried);
    if (allTimedOut) {
      return StepResult.fail(NAME, FailureClass.CONNECT_TIMEOUT, detail,
          state.hints.connectTimeout(state.target, state.endpoint));
    }
    return StepResult.fail(NAME, FailureClass.CONNECT_REFUSED, detail,
        state.hints.connectRefused(state.target, state.endpoint));
  }

  private static int connectTimeoutMs(CheckState state) {
    return (int) Math.min(Integer.MAX_VALUE, state.target.provider().config().connectTimeoutMs());
  }

  private static long millisSince(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1_000_000;
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // the socket never connected
    }
  }

  @Override
  public long timeoutMs(CheckState state) {
    return (long) connectTimeoutMs(state) * Math.max(1, state.addresses().size()) + GRACE_MS;
  }

  @Override
  public StepResult timedOut(CheckState state, long ms) {
    return StepResult.fail(NAME, FailureClass.CONNECT_TIMEOUT, "no connection to " + state.endpoint.authority()
        + " within " + ms + " ms", state.hints.connectTimeout(state.target, state.endpoint));
  }
}
