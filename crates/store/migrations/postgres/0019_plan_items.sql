-- The superior's view of the thematic plans in SQL (issue 11): each plan's items as rows
-- (position, quarter, the meeting carrying it out), written with `plan.items_json` in the
-- same unit of work, so filtering, sorting, counting and paging the cells of a subtree by
-- their missed topics is one query over the ancestor table — never a loop over plans.
CREATE TABLE plan_item (
    plan_id BIGINT NOT NULL REFERENCES plan(id),
    position BIGINT NOT NULL,
    quarter BIGINT NOT NULL,
    meeting_id BIGINT REFERENCES meeting(id),
    PRIMARY KEY (plan_id, position)
);
INSERT INTO plan_item (plan_id, position, quarter, meeting_id)
SELECT p.id, j.ord - 1, (j.value ->> 'quarter')::BIGINT, (j.value ->> 'meeting')::BIGINT
FROM plan p, jsonb_array_elements(p.items_json) WITH ORDINALITY AS j(value, ord);
