// What each reason class means and what to try (docs/routing.md, "Reading a 503"), shown beside an unhealthy upstream.
export const REASONS = {
  dns_failure: 'the base URL\'s host does not resolve — check providers.X.base_url, the resolver, VPN or proxy',
  connect_refused: 'nothing listens at host:port — is the server (or port-forward) running? the port in base_url?',
  connect_timeout: 'no TCP answer in time — firewall, security group, routing, proxy settings',
  tls_error: 'the TLS handshake failed — renew the certificate, use the name it has, or trust its CA',
  auth_rejected: 'the upstream refused the gateway\'s provider key (401/403) — check providers.X.api_key',
  rate_limited: 'the upstream answered 429 — the account\'s quota; add deployments or accounts',
  upstream_5xx: 'the upstream answered 5xx or overloaded — the provider\'s status page; failover is automatic',
  read_timeout: 'no (complete) answer or first token in time — the model\'s latency; raise attempt_timeout_ms',
  malformed_response: 'an unreadable body, a reset or a cut stream — a proxy in between, or base_url points at '
    + 'the wrong kind of server',
  health_check_failed: 'an active health check failed — see the last error',
};
