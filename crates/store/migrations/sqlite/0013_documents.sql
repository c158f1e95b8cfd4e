-- Official documents (issue 10, DOC-05/06/19): a party document gets its number when it is
-- signed, per organisation, per type (the DOC-06 code) and per term (a term starts the day
-- after a congress closes, DOC-05), continuous and never reused. `document` keeps every
-- number issued, with the meeting it comes from, who signed and when, and the format
-- version (document rule set) it was issued under; the UNIQUE constraint makes a number
-- impossible to issue twice in one series. `document_series` holds the last number of each
-- series: signing takes its row (an upsert), so concurrent signings wait for each other and
-- get consecutive numbers.
CREATE TABLE document_series (
    org_id INTEGER NOT NULL REFERENCES org(id),
    kind TEXT NOT NULL,
    term_start DATE NOT NULL,
    last_number INTEGER NOT NULL,
    PRIMARY KEY (org_id, kind, term_start)
);
CREATE TABLE document (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES org(id),
    kind TEXT NOT NULL,
    term_start DATE NOT NULL,
    number INTEGER NOT NULL,
    meeting_id INTEGER REFERENCES meeting(id),
    document_date DATE NOT NULL,
    signed_at TIMESTAMP_INT NOT NULL,
    signed_by TEXT NOT NULL,
    format_version TEXT NOT NULL,
    CONSTRAINT document_number_key UNIQUE (org_id, kind, term_start, number),
    CONSTRAINT document_meeting_kind_key UNIQUE (meeting_id, kind),
    CONSTRAINT document_number_check CHECK (number >= 1)
);
