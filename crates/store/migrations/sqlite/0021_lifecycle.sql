-- The membership lifecycle (issue 12, MEM-EX-01/02, MEM-TR-01..03, MEM-DIS-01): one row per
-- record (exemption, temporary transfer, official transfer, discipline) as the domain's JSON,
-- with the member's cell and the other cell in chibo that follows it (host or receiving
-- cell), so what falls due is read at both cells across a subtree through `org_ancestor`.
-- The dated effect (a status, an attached placement, a home placement ended and another
-- started) is written with the record in one unit of work.
CREATE TABLE member_event (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES person(id),
    org_id INTEGER NOT NULL REFERENCES org(id),
    other_org_id INTEGER REFERENCES org(id),
    kind TEXT NOT NULL,
    event_on DATE NOT NULL,
    is_open BOOLEAN NOT NULL,
    record_json JSON_TEXT NOT NULL,
    version INTEGER NOT NULL,
    recorded_by TEXT NOT NULL,
    updated_at TIMESTAMP_INT NOT NULL
);
CREATE INDEX member_event_person ON member_event(person_id);
CREATE INDEX member_event_org ON member_event(org_id);
CREATE INDEX member_event_other_org ON member_event(other_org_id);
