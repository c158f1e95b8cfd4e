-- VER-01: a committee's local settings are dated like rule versions, so a change takes effect
-- from a date and never re-judges meetings held before it. One row per (org, effective_from).
-- Rows stored before this migration take effect from 1/1/2007, the first date chibo judges
-- (the rule sets are extended back to it), so every past date keeps the settings it had.
-- SQLite cannot change a primary key in place: the table is rebuilt.
CREATE TABLE local_setting_dated (
    org_id INTEGER NOT NULL REFERENCES org(id),
    effective_from DATE NOT NULL,
    overrides_json JSON_TEXT NOT NULL,
    updated_at TIMESTAMP_INT NOT NULL,
    PRIMARY KEY (org_id, effective_from)
);
INSERT INTO local_setting_dated (org_id, effective_from, overrides_json, updated_at)
    SELECT org_id, '2007-01-01', overrides_json, updated_at FROM local_setting;
DROP TABLE local_setting;
ALTER TABLE local_setting_dated RENAME TO local_setting;
