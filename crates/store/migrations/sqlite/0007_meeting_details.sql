-- Meetings I, preparation and chairing: how the meeting is held (mode, with the reason an
-- online meeting needs, MTG-ONL-01), who runs it (chair, preparer MTG-PREP-01, minute-taker
-- MTG-ORD-01), its guests by name (MTG-ATT-05/06), the thematic topic with its presenter and
-- the draft the secretary approves (MTG-TH-01), the quality rating proposed (MTG-QA-*), what
-- each vote was on and how it was cast (CHR-VOTE-02), and the draft files attached.
ALTER TABLE meeting ADD COLUMN mode_json JSON_TEXT NOT NULL DEFAULT '{"mode":"in_person"}';
ALTER TABLE meeting ADD COLUMN chair_id INTEGER REFERENCES person(id);
ALTER TABLE meeting ADD COLUMN preparer_id INTEGER REFERENCES person(id);
ALTER TABLE meeting ADD COLUMN minute_taker_id INTEGER REFERENCES person(id);
ALTER TABLE meeting ADD COLUMN presenter_id INTEGER REFERENCES person(id);
ALTER TABLE meeting ADD COLUMN guests_json JSON_TEXT NOT NULL DEFAULT '[]';
ALTER TABLE meeting ADD COLUMN thematic_json JSON_TEXT NOT NULL DEFAULT '{}';
ALTER TABLE meeting ADD COLUMN quality_json JSON_TEXT;

ALTER TABLE meeting_vote ADD COLUMN method TEXT NOT NULL DEFAULT 'show_of_hands';

CREATE TABLE meeting_file (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meeting(id),
    purpose TEXT NOT NULL,
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    body BLOB NOT NULL,
    created_at TIMESTAMP_INT NOT NULL
);
CREATE INDEX meeting_file_meeting ON meeting_file(meeting_id);
