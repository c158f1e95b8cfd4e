-- Working-day calendar adjustments, administrator-added rule versions and local settings,
-- SQLite dialect (issue 3: CAL-02, VER-01, MTG-QA-02..04, MTG-DUR-01, MTG-DAY-01).

-- CAL-02: a year whose decreed days an administrator entered. Its rows replace that year's
-- built-in adjustments; `replaces_computed` = the days off are the year's complete list.
CREATE TABLE holiday_year (
    year INTEGER PRIMARY KEY,
    replaces_computed INTEGER NOT NULL DEFAULT 1,
    updated_at BIGINT NOT NULL
);

-- CAL-02: one row per day off (`day_off`, with the reason `holiday_kind`) and per Saturday
-- or Sunday made a working day (`working_day`).
CREATE TABLE holiday_adjustment (
    id INTEGER PRIMARY KEY,
    year INTEGER NOT NULL REFERENCES holiday_year(year),
    day TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('day_off', 'working_day')),
    holiday_kind TEXT,
    name TEXT NOT NULL,
    CONSTRAINT holiday_adjustment_day_key UNIQUE (day, kind)
);
CREATE INDEX holiday_adjustment_year ON holiday_adjustment(year);

-- VER-01: versions added by an administrator, on top of the built-in catalogue. The whole
-- `RuleVersion` is kept as JSON; area, code and date are columns for uniqueness.
CREATE TABLE rule_version (
    id INTEGER PRIMARY KEY,
    area TEXT NOT NULL,
    code TEXT NOT NULL,
    effective_from TEXT NOT NULL,
    version_json TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    CONSTRAINT rule_version_area_date_key UNIQUE (area, effective_from),
    CONSTRAINT rule_version_code_key UNIQUE (code)
);

-- What one committee changes for the units under it (MTG-QA-02/03/04, MTG-DUR-01,
-- MTG-DAY-01), as the JSON of `LocalOverrides`; inherited down the tree when read.
CREATE TABLE local_setting (
    org_id INTEGER PRIMARY KEY REFERENCES org(id),
    overrides_json TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
