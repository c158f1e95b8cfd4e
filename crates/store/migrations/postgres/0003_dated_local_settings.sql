-- VER-01: a committee's local settings are dated like rule versions, so a change takes effect
-- from a date and never re-judges meetings held before it. One row per (org, effective_from).
-- Rows stored before this migration take effect from 1/1/2007, the first date chibo judges
-- (the rule sets are extended back to it), so every past date keeps the settings it had.
ALTER TABLE local_setting ADD COLUMN effective_from DATE NOT NULL DEFAULT DATE '2007-01-01';
ALTER TABLE local_setting ALTER COLUMN effective_from DROP DEFAULT;
ALTER TABLE local_setting DROP CONSTRAINT local_setting_pkey;
ALTER TABLE local_setting ADD CONSTRAINT local_setting_pkey PRIMARY KEY (org_id, effective_from);
