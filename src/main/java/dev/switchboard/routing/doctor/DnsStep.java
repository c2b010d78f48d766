package dev.switchboard.routing.doctor;

import dev.switchboard.provider.FailureClass;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** {@code dns}: resolves the base URL's host to its addresses. */
final class DnsStep extends BlockingStep {
  static final String NAME = "dns";
  private static final long TIMEOUT_MS = 10_000;

  DnsStep(Vertx vertx) {
    super(vertx);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  StepResult runBlocking(CheckState state) {
    String host = state.endpoint.host();
    try {
      List<InetAddress> addresses = Arrays.asList(InetAddress.getAllByName(host));
      state.addresses(addresses);
      String list = addresses.stream().map(InetAddress::getHostAddress).collect(Collectors.joining(", "));
      return StepResult.ok(NAME, Certificates.isIpLiteral(host) ? host + " (an IP address, no lookup needed)"
          : host + " -> " + list);
    } catch (UnknownHostException e) {
      return StepResult.fail(NAME, FailureClass.DNS_FAILURE, "cannot resolve " + host + ": no such host is known "
          + "to this machine's resolver", state.hints.dnsFailure(state.target, state.endpoint));
    }
  }

  @Override
  public long timeoutMs(CheckState state) {
    return TIMEOUT_MS;
  }

  @Override
  public StepResult timedOut(CheckState state, long ms) {
    return StepResult.fail(NAME, FailureClass.DNS_FAILURE, "the resolver did not answer for " + state.endpoint.host()
        + " within " + ms + " ms", state.hints.dnsFailure(state.target, state.endpoint));
  }
}
