-- Concurrency and the tree without whole-tree loads (platform issue):
-- optimistic versions on the aggregates people edit (an organisation; a person with their
-- party record, which are edited together), the dated ancestor (closure) table,
-- and exclusion constraints so that two transactions can never both store overlapping
-- dated facts (the domain checks the same rules first and names the clash precisely).
CREATE EXTENSION IF NOT EXISTS btree_gist;

ALTER TABLE org ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE person ADD COLUMN version BIGINT NOT NULL DEFAULT 1;

-- One row per (organisation, ancestor) and period in which the ancestor is above it at
-- that depth (1 = direct superior). Maintained by the org use cases; rebuilt from
-- org_version right after this migration.
CREATE TABLE org_ancestor (
    org_id BIGINT NOT NULL REFERENCES org(id),
    ancestor_id BIGINT NOT NULL REFERENCES org(id),
    depth BIGINT NOT NULL,
    valid_from DATE NOT NULL,
    valid_until DATE,
    CONSTRAINT org_ancestor_period_check CHECK (valid_until IS NULL OR valid_until >= valid_from)
);
CREATE INDEX org_ancestor_down ON org_ancestor(ancestor_id, valid_from);
CREATE INDEX org_ancestor_up ON org_ancestor(org_id, valid_from);

ALTER TABLE org_version ADD CONSTRAINT org_version_no_overlap
    EXCLUDE USING gist (org_id WITH =, daterange(valid_from, valid_until, '[]') WITH &&);
-- MTG-ATT-12: one home placement at a time; attached placements likewise among themselves.
ALTER TABLE placement ADD CONSTRAINT placement_no_overlap
    EXCLUDE USING gist (person_id WITH =, kind WITH =, daterange(valid_from, valid_until, '[]') WITH &&);
ALTER TABLE member_status ADD CONSTRAINT member_status_no_overlap
    EXCLUDE USING gist (person_id WITH =, daterange(valid_from, valid_until, '[]') WITH &&);
-- Seats: nobody holds the same role twice in one organisation at once, and a single-seat
-- role (all but committee member) has one holder per organisation and group at a time.
ALTER TABLE party_role ADD CONSTRAINT party_role_person_no_overlap
    EXCLUDE USING gist (org_id WITH =, role WITH =, person_id WITH =, daterange(valid_from, valid_until, '[]') WITH &&);
ALTER TABLE party_role ADD CONSTRAINT party_role_seat_no_overlap
    EXCLUDE USING gist (org_id WITH =, role WITH =, (COALESCE(group_id, 0)) WITH =, daterange(valid_from, valid_until, '[]') WITH &&)
    WHERE (role <> 'committee_member');
