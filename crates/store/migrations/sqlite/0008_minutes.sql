-- Meetings II: approved minutes frozen as one snapshot per meeting (a versioned type of its
-- own, with its schema version and content hash), addenda with their own approval, and the
-- minute-taker's wording edits before approval (who, when, before, after). Approved minutes
-- and addenda never change: triggers refuse any UPDATE or DELETE, whoever sends it.
CREATE TABLE meeting_minutes (
    meeting_id INTEGER PRIMARY KEY REFERENCES meeting(id),
    schema_version INTEGER NOT NULL,
    body_json JSON_TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    approval_json JSON_TEXT NOT NULL,
    approved_at TIMESTAMP_INT NOT NULL
);

CREATE TABLE meeting_addendum (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meeting_minutes(meeting_id),
    body TEXT NOT NULL,
    approved_on DATE NOT NULL,
    votes_for INTEGER NOT NULL,
    denominator INTEGER NOT NULL,
    created_at TIMESTAMP_INT NOT NULL
);
CREATE INDEX meeting_addendum_meeting ON meeting_addendum(meeting_id);

CREATE TABLE meeting_contribution_edit (
    id INTEGER PRIMARY KEY,
    contribution_id INTEGER NOT NULL REFERENCES meeting_contribution(id),
    edited_by TEXT NOT NULL,
    edited_at TIMESTAMP_INT NOT NULL,
    before_text TEXT NOT NULL,
    after_text TEXT NOT NULL
);
CREATE INDEX meeting_contribution_edit_contribution ON meeting_contribution_edit(contribution_id);

CREATE TRIGGER meeting_minutes_no_update BEFORE UPDATE ON meeting_minutes
BEGIN SELECT RAISE(ABORT, 'record_immutable: meeting_minutes is approved and never changes'); END;
CREATE TRIGGER meeting_minutes_no_delete BEFORE DELETE ON meeting_minutes
BEGIN SELECT RAISE(ABORT, 'record_immutable: meeting_minutes is approved and never changes'); END;
CREATE TRIGGER meeting_addendum_no_update BEFORE UPDATE ON meeting_addendum
BEGIN SELECT RAISE(ABORT, 'record_immutable: meeting_addendum is approved and never changes'); END;
CREATE TRIGGER meeting_addendum_no_delete BEFORE DELETE ON meeting_addendum
BEGIN SELECT RAISE(ABORT, 'record_immutable: meeting_addendum is approved and never changes'); END;
