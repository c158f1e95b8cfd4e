-- Training mode, the situation bank written by trainers (issue 13; TRN-02): a committee's
-- own situations, beside the builtin ones. A code is unique per committee and never a
-- builtin code; a withdrawn situation (retired_at set) is no longer injected, and the
-- injections already made keep their own copy (training_injection.situation_json).
CREATE TABLE training_situation (
    id INTEGER PRIMARY KEY,
    owner_org_id INTEGER NOT NULL REFERENCES org(id),
    code TEXT NOT NULL,
    situation_json JSON_TEXT NOT NULL,
    author TEXT NOT NULL,
    author_user_id INTEGER REFERENCES app_user(id),
    created_at TIMESTAMP_INT NOT NULL,
    retired_at TIMESTAMP_INT,
    CONSTRAINT training_situation_code_key UNIQUE (owner_org_id, code)
);
