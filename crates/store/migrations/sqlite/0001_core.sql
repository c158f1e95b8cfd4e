-- chibo core schema, SQLite dialect. Declared types map to sqlx types: DATE (ISO text)
-- for civil dates, TIMESTAMP_INT (Unix seconds) for instants, BOOLEAN, JSON_TEXT. The PostgreSQL file holds the
-- same tables, columns and named constraints (tests/schema_parity.rs keeps them in step).
-- Every CHECK and UNIQUE constraint is named so both backends report the same name.

CREATE TABLE org (
    id INTEGER PRIMARY KEY
);

CREATE TABLE org_version (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES org(id),
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    cell_type TEXT,
    parent_id INTEGER REFERENCES org(id),
    valid_from DATE NOT NULL,
    valid_until DATE,
    CONSTRAINT org_version_period_check CHECK (valid_until IS NULL OR valid_until >= valid_from)
);
CREATE INDEX org_version_org ON org_version(org_id, valid_from);
CREATE INDEX org_version_parent ON org_version(parent_id);

CREATE TABLE congress (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES org(id),
    closed_on DATE NOT NULL,
    CONSTRAINT congress_org_day_key UNIQUE (org_id, closed_on)
);

CREATE TABLE person (
    id INTEGER PRIMARY KEY,
    full_name TEXT NOT NULL,
    birth_date DATE,
    sex TEXT,
    ethnicity TEXT,
    citizen_id TEXT,
    phone TEXT,
    affiliation_org_id INTEGER REFERENCES org(id),
    affiliation_kind TEXT,
    CONSTRAINT person_citizen_id_key UNIQUE (citizen_id)
);
CREATE INDEX person_affiliation ON person(affiliation_org_id);

CREATE TABLE member (
    person_id INTEGER PRIMARY KEY REFERENCES person(id),
    admission_date DATE NOT NULL,
    decision_ref TEXT,
    ceremony_date DATE,
    official_date DATE,
    card_number TEXT,
    CONSTRAINT member_card_number_key UNIQUE (card_number)
);

CREATE TABLE placement (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES person(id),
    org_id INTEGER NOT NULL REFERENCES org(id),
    kind TEXT NOT NULL,
    valid_from DATE NOT NULL,
    valid_until DATE,
    note TEXT,
    CONSTRAINT placement_period_check CHECK (valid_until IS NULL OR valid_until >= valid_from)
);
CREATE INDEX placement_org ON placement(org_id);
CREATE INDEX placement_person ON placement(person_id);

CREATE TABLE member_status (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES person(id),
    kind TEXT NOT NULL,
    valid_from DATE NOT NULL,
    valid_until DATE,
    note TEXT,
    CONSTRAINT member_status_period_check CHECK (valid_until IS NULL OR valid_until >= valid_from)
);
CREATE INDEX member_status_person ON member_status(person_id);

CREATE TABLE party_group (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES org(id),
    name TEXT NOT NULL
);

CREATE TABLE party_role (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES person(id),
    org_id INTEGER NOT NULL REFERENCES org(id),
    role TEXT NOT NULL,
    group_id INTEGER REFERENCES party_group(id),
    valid_from DATE NOT NULL,
    valid_until DATE,
    CONSTRAINT party_role_period_check CHECK (valid_until IS NULL OR valid_until >= valid_from)
);
CREATE INDEX party_role_org ON party_role(org_id);
CREATE INDEX party_role_person ON party_role(person_id);

CREATE TABLE app_user (
    id INTEGER PRIMARY KEY,
    login TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    person_id INTEGER REFERENCES person(id),
    locale TEXT NOT NULL DEFAULT 'vi',
    disabled BOOLEAN NOT NULL DEFAULT 0,
    created_at TIMESTAMP_INT NOT NULL,
    CONSTRAINT app_user_login_key UNIQUE (login)
);

CREATE TABLE user_role (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES app_user(id),
    role TEXT NOT NULL,
    org_id INTEGER REFERENCES org(id)
);
CREATE INDEX user_role_user ON user_role(user_id);

CREATE TABLE session (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES app_user(id),
    csrf_token TEXT NOT NULL,
    created_at TIMESTAMP_INT NOT NULL,
    expires_at TIMESTAMP_INT NOT NULL
);
CREATE INDEX session_by_user ON session(user_id);

CREATE TABLE login_failure (
    id INTEGER PRIMARY KEY,
    throttle_key TEXT NOT NULL,
    at TIMESTAMP_INT NOT NULL
);
CREATE INDEX login_failure_key ON login_failure(throttle_key, at);

CREATE TABLE audit_event (
    id INTEGER PRIMARY KEY,
    at TIMESTAMP_INT NOT NULL,
    user_id INTEGER,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    org_id INTEGER,
    before_json JSON_TEXT,
    after_json JSON_TEXT
);
CREATE INDEX audit_event_org ON audit_event(org_id, id);
CREATE INDEX audit_event_entity ON audit_event(entity, entity_id);

-- CAL-02: a year whose decreed days an administrator entered. Its rows replace that year's
-- built-in adjustments; `replaces_computed` = the days off are the year's complete list.
CREATE TABLE holiday_year (
    year INTEGER PRIMARY KEY,
    replaces_computed BOOLEAN NOT NULL DEFAULT 1,
    updated_at TIMESTAMP_INT NOT NULL
);

CREATE TABLE holiday_adjustment (
    id INTEGER PRIMARY KEY,
    year INTEGER NOT NULL REFERENCES holiday_year(year),
    day DATE NOT NULL,
    kind TEXT NOT NULL,
    holiday_kind TEXT,
    name TEXT NOT NULL,
    CONSTRAINT holiday_adjustment_kind_check CHECK (kind IN ('day_off', 'working_day')),
    CONSTRAINT holiday_adjustment_day_key UNIQUE (day, kind)
);
CREATE INDEX holiday_adjustment_year ON holiday_adjustment(year);

-- VER-01: versions added by an administrator, on top of the built-in catalogue.
CREATE TABLE rule_version (
    id INTEGER PRIMARY KEY,
    area TEXT NOT NULL,
    code TEXT NOT NULL,
    effective_from DATE NOT NULL,
    version_json JSON_TEXT NOT NULL,
    created_at TIMESTAMP_INT NOT NULL,
    CONSTRAINT rule_version_area_date_key UNIQUE (area, effective_from),
    CONSTRAINT rule_version_code_key UNIQUE (code)
);

-- What one committee changes for the units under it (MTG-QA-02/03/04, MTG-DUR-01, MTG-DAY-01).
CREATE TABLE local_setting (
    org_id INTEGER PRIMARY KEY REFERENCES org(id),
    overrides_json JSON_TEXT NOT NULL,
    updated_at TIMESTAMP_INT NOT NULL
);
