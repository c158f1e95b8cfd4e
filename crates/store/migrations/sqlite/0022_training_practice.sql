-- Training mode, the practice itself (issue 13; TRN-01/02): situations a trainer injects
-- into a running mock meeting, with the learner's handling, and the group's discussion of
-- each step. Both hang on the mock meeting (a meeting of a sandbox cell), so they never reach
-- a real read.
CREATE TABLE training_injection (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meeting(id),
    situation_json JSON_TEXT NOT NULL,
    step TEXT,
    injected_by TEXT NOT NULL,
    injected_at TIMESTAMP_INT NOT NULL,
    handling TEXT,
    handled_by TEXT,
    handled_at TIMESTAMP_INT
);
CREATE INDEX training_injection_meeting ON training_injection(meeting_id);
CREATE TABLE training_comment (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meeting(id),
    step TEXT NOT NULL,
    kind TEXT NOT NULL,
    body TEXT NOT NULL,
    author TEXT NOT NULL,
    author_user_id INTEGER REFERENCES app_user(id),
    at TIMESTAMP_INT NOT NULL
);
CREATE INDEX training_comment_meeting ON training_comment(meeting_id);
