-- Prompts published through the admin API: every version, immutable, and the version each name serves now.
CREATE TABLE IF NOT EXISTS prompt_versions (
  name TEXT NOT NULL,
  version INTEGER NOT NULL,
  definition TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (name, version)
);
CREATE TABLE IF NOT EXISTS prompt_heads (
  name TEXT PRIMARY KEY,
  active_version INTEGER NOT NULL,
  updated_at TEXT NOT NULL
);
