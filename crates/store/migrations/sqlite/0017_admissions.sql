-- The admission pipeline (issue 12, ADM-*): one case per person and attempt, at most one
-- open case per person (a partial unique index, so a closed case lets a new attempt start
-- and a person may be admitted twice in a lifetime), the case's state as the domain's JSON,
-- the steps as an append-only timeline, what falls due (one row per deadline, rewritten on
-- each step, read across a subtree by one query over `org_ancestor`), and the checklist's
-- documents (metadata of what was received or attached).
CREATE TABLE admission_case (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES person(id),
    org_id INTEGER NOT NULL REFERENCES org(id),
    attempt INTEGER NOT NULL,
    stage TEXT NOT NULL,
    is_open BOOLEAN NOT NULL,
    opened_on DATE NOT NULL,
    case_json JSON_TEXT NOT NULL,
    version INTEGER NOT NULL,
    updated_at TIMESTAMP_INT NOT NULL,
    CONSTRAINT admission_case_attempt_key UNIQUE (person_id, attempt)
);
CREATE UNIQUE INDEX admission_case_one_open ON admission_case(person_id) WHERE is_open;
CREATE INDEX admission_case_org ON admission_case(org_id);
CREATE TABLE admission_step (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES admission_case(id),
    step_date DATE NOT NULL,
    stage_from TEXT NOT NULL,
    stage_to TEXT NOT NULL,
    step_json JSON_TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    at TIMESTAMP_INT NOT NULL
);
CREATE INDEX admission_step_case ON admission_step(case_id);
CREATE TRIGGER admission_step_no_update BEFORE UPDATE ON admission_step
BEGIN SELECT RAISE(ABORT, 'record_immutable: admission_step is a timeline and never changes'); END;
CREATE TRIGGER admission_step_no_delete BEFORE DELETE ON admission_step
BEGIN SELECT RAISE(ABORT, 'record_immutable: admission_step is a timeline and never changes'); END;
CREATE TABLE admission_due (
    case_id INTEGER NOT NULL REFERENCES admission_case(id),
    deadline TEXT NOT NULL,
    rule_id TEXT NOT NULL,
    trigger_on DATE NOT NULL,
    from_on DATE,
    last_day DATE NOT NULL,
    PRIMARY KEY (case_id, deadline)
);
CREATE INDEX admission_due_last_day ON admission_due(last_day);
CREATE TABLE admission_document (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES admission_case(id),
    kind TEXT NOT NULL,
    doc_date DATE NOT NULL,
    reference TEXT,
    file_name TEXT,
    note TEXT,
    recorded_by TEXT NOT NULL,
    at TIMESTAMP_INT NOT NULL
);
CREATE INDEX admission_document_case ON admission_document(case_id);
