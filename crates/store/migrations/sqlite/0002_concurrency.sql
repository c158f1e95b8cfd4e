-- Concurrency and the tree without whole-tree loads (platform issue), SQLite dialect.
-- SQLite has no exclusion constraints: triggers named like PostgreSQL's constraints refuse
-- overlapping dated facts with the constraint's name as the error message, so both
-- backends fail the same way. (Writes are also serialised by BEGIN IMMEDIATE.)

ALTER TABLE org ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE person ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

CREATE TABLE org_ancestor (
    org_id INTEGER NOT NULL REFERENCES org(id),
    ancestor_id INTEGER NOT NULL REFERENCES org(id),
    depth INTEGER NOT NULL,
    valid_from DATE NOT NULL,
    valid_until DATE,
    CONSTRAINT org_ancestor_period_check CHECK (valid_until IS NULL OR valid_until >= valid_from)
);
CREATE INDEX org_ancestor_down ON org_ancestor(ancestor_id, valid_from);
CREATE INDEX org_ancestor_up ON org_ancestor(org_id, valid_from);

CREATE TRIGGER org_version_no_overlap BEFORE INSERT ON org_version
WHEN EXISTS (SELECT 1 FROM org_version o WHERE o.org_id = NEW.org_id
    AND o.valid_from <= COALESCE(NEW.valid_until, '9999-12-31')
    AND COALESCE(o.valid_until, '9999-12-31') >= NEW.valid_from)
BEGIN SELECT RAISE(ABORT, 'org_version_no_overlap'); END;

CREATE TRIGGER placement_no_overlap BEFORE INSERT ON placement
WHEN EXISTS (SELECT 1 FROM placement o WHERE o.person_id = NEW.person_id AND o.kind = NEW.kind
    AND o.valid_from <= COALESCE(NEW.valid_until, '9999-12-31')
    AND COALESCE(o.valid_until, '9999-12-31') >= NEW.valid_from)
BEGIN SELECT RAISE(ABORT, 'placement_no_overlap'); END;

CREATE TRIGGER member_status_no_overlap BEFORE INSERT ON member_status
WHEN EXISTS (SELECT 1 FROM member_status o WHERE o.person_id = NEW.person_id
    AND o.valid_from <= COALESCE(NEW.valid_until, '9999-12-31')
    AND COALESCE(o.valid_until, '9999-12-31') >= NEW.valid_from)
BEGIN SELECT RAISE(ABORT, 'member_status_no_overlap'); END;

CREATE TRIGGER party_role_person_no_overlap BEFORE INSERT ON party_role
WHEN EXISTS (SELECT 1 FROM party_role o WHERE o.org_id = NEW.org_id AND o.role = NEW.role
    AND o.person_id = NEW.person_id
    AND o.valid_from <= COALESCE(NEW.valid_until, '9999-12-31')
    AND COALESCE(o.valid_until, '9999-12-31') >= NEW.valid_from)
BEGIN SELECT RAISE(ABORT, 'party_role_person_no_overlap'); END;

CREATE TRIGGER party_role_seat_no_overlap BEFORE INSERT ON party_role
WHEN NEW.role <> 'committee_member' AND EXISTS (SELECT 1 FROM party_role o
    WHERE o.org_id = NEW.org_id AND o.role = NEW.role
    AND COALESCE(o.group_id, 0) = COALESCE(NEW.group_id, 0)
    AND o.valid_from <= COALESCE(NEW.valid_until, '9999-12-31')
    AND COALESCE(o.valid_until, '9999-12-31') >= NEW.valid_from)
BEGIN SELECT RAISE(ABORT, 'party_role_seat_no_overlap'); END;
