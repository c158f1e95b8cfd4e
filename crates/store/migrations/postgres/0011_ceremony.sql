-- Meetings II, the admission ceremony (ADM-CER-01..03): a ceremony meeting holds one act
-- (ADM-CER-02): the new member in a column of their own (a person the database knows, found
-- by their profile), the decision, the helping member and the superior's agreement as the
-- domain's value. Approving the minutes admits the person (member.ceremony_date).
ALTER TABLE meeting ADD COLUMN new_member_id BIGINT REFERENCES person(id);
ALTER TABLE meeting ADD COLUMN ceremony_json JSONB;
CREATE INDEX meeting_new_member ON meeting(new_member_id) WHERE new_member_id IS NOT NULL;
