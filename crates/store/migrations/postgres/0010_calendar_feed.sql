-- Meetings II, notices: a per-user calendar feed URL carries a secret token; the table keeps
-- only the token's SHA-256 (a leaked copy of the database holds no usable feed URL). One
-- feed per user: a new token replaces the old one, revoking deletes it.
CREATE TABLE calendar_feed (
    user_id BIGINT PRIMARY KEY REFERENCES app_user(id),
    token_hash TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT calendar_feed_token_key UNIQUE (token_hash)
);
