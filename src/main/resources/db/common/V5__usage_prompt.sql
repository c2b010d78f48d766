-- Prompt API calls carry the prompt and its version (name@version), so reports can group by prompt.
ALTER TABLE usage_events ADD COLUMN prompt TEXT;
