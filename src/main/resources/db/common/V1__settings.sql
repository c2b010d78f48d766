-- Gateway-wide settings shared by every replica (for example the pepper that tenant keys are hashed with).
CREATE TABLE IF NOT EXISTS settings (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
