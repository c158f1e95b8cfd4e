-- The annual thematic plan (issue 11, PLAN-01..04): a superior committee's directive
-- addressed to its subtree (or a committee in it), one plan per cell and year (its current
-- state and items), every version the superior saw kept (`plan_revision`, written on each
-- step), and the comments threaded on it.
CREATE TABLE directive (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES org(id),
    addressed_to INTEGER NOT NULL REFERENCES org(id),
    reference TEXT NOT NULL,
    issued_on DATE NOT NULL,
    issuer TEXT NOT NULL,
    title TEXT NOT NULL,
    plan_year INTEGER NOT NULL,
    due_by DATE,
    topics_json JSON_TEXT NOT NULL,
    created_at TIMESTAMP_INT NOT NULL
);
CREATE INDEX directive_addressed ON directive(addressed_to, plan_year);
CREATE TABLE plan (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES org(id),
    plan_year INTEGER NOT NULL,
    directive_id INTEGER REFERENCES directive(id),
    status TEXT NOT NULL,
    revision INTEGER NOT NULL,
    items_json JSON_TEXT NOT NULL,
    version INTEGER NOT NULL,
    updated_at TIMESTAMP_INT NOT NULL,
    CONSTRAINT plan_cell_year_key UNIQUE (org_id, plan_year)
);
CREATE TABLE plan_revision (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plan(id),
    revision INTEGER NOT NULL,
    status TEXT NOT NULL,
    items_json JSON_TEXT NOT NULL,
    at TIMESTAMP_INT NOT NULL
);
CREATE INDEX plan_revision_plan ON plan_revision(plan_id);
CREATE TABLE plan_comment (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plan(id),
    author TEXT NOT NULL,
    body TEXT NOT NULL,
    at TIMESTAMP_INT NOT NULL
);
CREATE INDEX plan_comment_plan ON plan_comment(plan_id);
