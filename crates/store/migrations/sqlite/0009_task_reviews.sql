-- Meetings II, follow-up: each review of a task at a later meeting (done, in progress, not
-- done with a comment). A task whose latest review is not "done" is open and rolls forward
-- to the next meeting's assessment step.
CREATE TABLE meeting_task_review (
    id INTEGER PRIMARY KEY,
    task_id INTEGER NOT NULL REFERENCES meeting_task(id),
    meeting_id INTEGER NOT NULL REFERENCES meeting(id),
    progress TEXT NOT NULL,
    comment TEXT,
    reviewed_at TIMESTAMP_INT NOT NULL
);
CREATE INDEX meeting_task_review_task ON meeting_task_review(task_id);
