-- Foundation schema, SQLite dialect. Dates are ISO-8601 TEXT ('YYYY-MM-DD'): they sort
-- chronologically and read the same on both backends. Instants are Unix seconds.
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
    valid_from TEXT NOT NULL,
    valid_until TEXT,
    CHECK (valid_until IS NULL OR valid_until >= valid_from)
);
CREATE INDEX org_version_org ON org_version(org_id);
CREATE INDEX org_version_parent ON org_version(parent_id);

CREATE TABLE congress (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES org(id),
    closed_on TEXT NOT NULL,
    UNIQUE (org_id, closed_on)
);

CREATE TABLE person (
    id INTEGER PRIMARY KEY,
    full_name TEXT NOT NULL,
    birth_date TEXT,
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
    admission_date TEXT NOT NULL,
    decision_ref TEXT,
    ceremony_date TEXT,
    official_date TEXT,
    card_number TEXT,
    CONSTRAINT member_card_number_key UNIQUE (card_number)
);

CREATE TABLE placement (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES person(id),
    org_id INTEGER NOT NULL REFERENCES org(id),
    kind TEXT NOT NULL,
    valid_from TEXT NOT NULL,
    valid_until TEXT,
    note TEXT,
    CHECK (valid_until IS NULL OR valid_until >= valid_from)
);
CREATE INDEX placement_org ON placement(org_id);
CREATE INDEX placement_person ON placement(person_id);

CREATE TABLE member_status (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES person(id),
    kind TEXT NOT NULL,
    valid_from TEXT NOT NULL,
    valid_until TEXT,
    note TEXT,
    CHECK (valid_until IS NULL OR valid_until >= valid_from)
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
    valid_from TEXT NOT NULL,
    valid_until TEXT,
    CHECK (valid_until IS NULL OR valid_until >= valid_from)
);
CREATE INDEX party_role_org ON party_role(org_id);
CREATE INDEX party_role_person ON party_role(person_id);

CREATE TABLE app_user (
    id INTEGER PRIMARY KEY,
    login TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    person_id INTEGER REFERENCES person(id),
    locale TEXT NOT NULL DEFAULT 'vi',
    disabled INTEGER NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
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
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX session_by_user ON session(user_id);

CREATE TABLE login_failure (
    id INTEGER PRIMARY KEY,
    throttle_key TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX login_failure_key ON login_failure(throttle_key, at);

CREATE TABLE audit_event (
    id INTEGER PRIMARY KEY,
    at BIGINT NOT NULL,
    user_id INTEGER,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    org_id INTEGER,
    before_json TEXT,
    after_json TEXT
);
CREATE INDEX audit_event_org ON audit_event(org_id, at);
CREATE INDEX audit_event_entity ON audit_event(entity, entity_id);
