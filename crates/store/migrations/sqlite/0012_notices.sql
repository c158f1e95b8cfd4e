-- Meetings II, notices (MTG-PREP-03/04): the day a meeting was published (its Notify step:
-- documents must be out at least a day before under HD 42/2025), the superior committee
-- member assigned to follow a cell, and in-app notices to people (a meeting published: every
-- member on the cell's roster on its date and that member), read or not.
ALTER TABLE meeting ADD COLUMN published_on DATE;
CREATE TABLE org_liaison (
    org_id INTEGER PRIMARY KEY REFERENCES org(id),
    person_id INTEGER NOT NULL REFERENCES person(id),
    since DATE NOT NULL
);
CREATE TABLE notice (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES person(id),
    meeting_id INTEGER NOT NULL REFERENCES meeting(id),
    kind TEXT NOT NULL,
    created_at TIMESTAMP_INT NOT NULL,
    read_at TIMESTAMP_INT
);
CREATE INDEX notice_person ON notice(person_id, read_at);
