-- Training mode (issue 13, TRN-01/02). A committee's course → classes → practice groups
-- (learners, trainers, guests); each group practises in a sandbox cell of its own, flagged
-- on `org`. Sandbox organisations are roots (no parent, hence no `org_ancestor` rows): no
-- subtree of a real organisation can reach them, and the whole-tree read excludes them by
-- the flag (store/src/sandbox.rs), so they stay out of every real list, report, export and
-- document numbering. The course fixes the date whose rule set it practises (VER-01),
-- independent of the day the mock meetings are held.
ALTER TABLE org ADD COLUMN sandbox BOOLEAN NOT NULL DEFAULT 0;
CREATE TABLE training_course (
    id INTEGER PRIMARY KEY,
    owner_org_id INTEGER NOT NULL REFERENCES org(id),
    title TEXT NOT NULL,
    practice_date DATE NOT NULL,
    created_at TIMESTAMP_INT NOT NULL
);
CREATE INDEX training_course_owner ON training_course(owner_org_id);
CREATE TABLE training_class (
    id INTEGER PRIMARY KEY,
    course_id INTEGER NOT NULL REFERENCES training_course(id),
    title TEXT NOT NULL,
    held_on DATE NOT NULL
);
CREATE INDEX training_class_course ON training_class(course_id);
CREATE TABLE training_group (
    id INTEGER PRIMARY KEY,
    class_id INTEGER NOT NULL REFERENCES training_class(id),
    name TEXT NOT NULL,
    sandbox_org_id INTEGER NOT NULL REFERENCES org(id),
    CONSTRAINT training_group_sandbox_key UNIQUE (sandbox_org_id)
);
CREATE INDEX training_group_class ON training_group(class_id);
CREATE TABLE training_participant (
    id INTEGER PRIMARY KEY,
    group_id INTEGER NOT NULL REFERENCES training_group(id),
    role TEXT NOT NULL,
    full_name TEXT NOT NULL,
    user_id INTEGER REFERENCES app_user(id)
);
CREATE INDEX training_participant_group ON training_participant(group_id);
