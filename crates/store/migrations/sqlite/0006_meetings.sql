-- Meetings I: a meeting of a cell with its agenda (instantiated once from the rule set in
-- force on its date, then recorded step by step), its roll call, contributions, tasks and
-- votes. The vote keeps its derived denominator and breakdown as counted (MTG-ATT-03), so a
-- later change of the roster never re-judges it.
CREATE TABLE meeting (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES org(id),
    kind TEXT NOT NULL,
    meeting_date DATE NOT NULL,
    planned_start TEXT,
    place TEXT NOT NULL,
    status TEXT NOT NULL,
    status_reason TEXT,
    version INTEGER NOT NULL,
    agenda_json JSON_TEXT NOT NULL,
    created_at TIMESTAMP_INT NOT NULL
);
CREATE INDEX meeting_org_date ON meeting(org_id, meeting_date);

CREATE TABLE meeting_attendance (
    meeting_id INTEGER NOT NULL REFERENCES meeting(id),
    person_id INTEGER NOT NULL REFERENCES person(id),
    presence_json JSON_TEXT NOT NULL,
    PRIMARY KEY (meeting_id, person_id)
);

CREATE TABLE meeting_contribution (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meeting(id),
    step TEXT NOT NULL,
    speaker_json JSON_TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TIMESTAMP_INT NOT NULL
);
CREATE INDEX meeting_contribution_meeting ON meeting_contribution(meeting_id);

CREATE TABLE meeting_task (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meeting(id),
    step TEXT NOT NULL,
    body TEXT NOT NULL,
    deadline DATE NOT NULL,
    created_at TIMESTAMP_INT NOT NULL
);
CREATE INDEX meeting_task_meeting ON meeting_task(meeting_id);

CREATE TABLE meeting_task_owner (
    task_id INTEGER NOT NULL REFERENCES meeting_task(id),
    person_id INTEGER NOT NULL REFERENCES person(id),
    PRIMARY KEY (task_id, person_id)
);

CREATE TABLE meeting_vote (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meeting(id),
    subject TEXT NOT NULL,
    kind TEXT NOT NULL,
    votes_for INTEGER NOT NULL,
    votes_against INTEGER NOT NULL,
    votes_abstain INTEGER NOT NULL,
    denominator INTEGER NOT NULL,
    breakdown_json JSON_TEXT NOT NULL,
    passed BOOLEAN NOT NULL,
    created_at TIMESTAMP_INT NOT NULL
);
CREATE INDEX meeting_vote_meeting ON meeting_vote(meeting_id);
