package dev.switchboard.routing.doctor;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.List;

/**
 * What the steps of one deployment's check hand on to the next: the resolved addresses, the open connection,
 * the models the server listed. Steps run one after another, each completing before the next starts.
 */
final class CheckState implements AutoCloseable {
  final DoctorTarget target;
  final FixHints hints;
  final Endpoint endpoint;
  private List<InetAddress> addresses = List.of();
  private Socket socket;
  private List<String> listedModels = List.of();
  private boolean closed;

  CheckState(DoctorTarget target, FixHints hints, Endpoint endpoint) {
    this.target = target;
    this.hints = hints;
    this.endpoint = endpoint;
  }

  synchronized List<InetAddress> addresses() {
    return addresses;
  }

  synchronized void addresses(List<InetAddress> resolved) {
    this.addresses = List.copyOf(resolved);
  }

  synchronized Socket socket() {
    return socket;
  }

  /** Replaces the connection (e.g. the TCP socket by the TLS socket layered on it). */
  synchronized void socket(Socket connected) {
    this.socket = connected;
    if (closed) {
      close();
    }
  }

  synchronized List<String> listedModels() {
    return listedModels;
  }

  synchronized void listedModels(List<String> ids) {
    this.listedModels = List.copyOf(ids);
  }

  /** Closes the connection, if one is open, and any a step still running opens later. */
  @Override
  public synchronized void close() {
    closed = true;
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing a probe connection that the server may already have dropped
      }
      socket = null;
    }
  }
}
