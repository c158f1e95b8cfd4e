-- Issue 7: staff are greeted by their name, not their login. A login linked to a person
-- shows the person's name; one without (staff of a committee, administrators) shows this
-- name when set, else the login.
ALTER TABLE app_user ADD COLUMN display_name TEXT;
