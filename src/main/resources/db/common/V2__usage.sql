-- The usage ledger: one row per billable event, written idempotently by event id (request id + attempt).
-- Costs are exact integers in units of 1e-10 USD (cost_e10), so sums never round.
CREATE TABLE IF NOT EXISTS usage_events (
  event_id TEXT PRIMARY KEY,
  request_id TEXT NOT NULL,
  ts_ms BIGINT NOT NULL,
  day TEXT NOT NULL,
  month TEXT NOT NULL,
  tenant TEXT NOT NULL,
  key_id TEXT,
  model TEXT NOT NULL,
  provider TEXT,
  deployment TEXT,
  upstream_model TEXT,
  prompt_tokens BIGINT NOT NULL,
  completion_tokens BIGINT NOT NULL,
  cached_tokens BIGINT NOT NULL,
  cache_write_tokens BIGINT NOT NULL,
  reasoning_tokens BIGINT NOT NULL,
  cost_e10 BIGINT NOT NULL,
  priced INTEGER NOT NULL,
  status TEXT NOT NULL,
  stream INTEGER NOT NULL,
  latency_ms BIGINT NOT NULL,
  estimated INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS usage_events_day ON usage_events (day, tenant);
CREATE INDEX IF NOT EXISTS usage_events_time ON usage_events (ts_ms, event_id);
CREATE INDEX IF NOT EXISTS usage_events_tenant_time ON usage_events (tenant, ts_ms, event_id);
