-- Tenants created through the admin API (configured tenants live in the configuration file) and every
-- API-created tenant key. Keys are kept only as their HMAC-SHA256 digest (under the pepper in settings)
-- and a short display prefix. Budgets are exact decimals kept as text.
CREATE TABLE IF NOT EXISTS tenants (
  id TEXT PRIMARY KEY,
  models TEXT NOT NULL,
  daily_budget_usd TEXT,
  monthly_budget_usd TEXT,
  rpm BIGINT NOT NULL,
  tpm BIGINT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS tenant_keys (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  digest TEXT NOT NULL UNIQUE,
  prefix TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);

CREATE INDEX IF NOT EXISTS tenant_keys_by_tenant ON tenant_keys (tenant_id);
