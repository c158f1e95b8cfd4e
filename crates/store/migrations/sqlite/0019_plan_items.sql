-- The superior's view of the thematic plans in SQL (issue 11): each plan's items as rows
-- (position, quarter, the meeting carrying it out), written with `plan.items_json` in the
-- same unit of work, so filtering, sorting, counting and paging the cells of a subtree by
-- their missed topics is one query over the ancestor table — never a loop over plans.
CREATE TABLE plan_item (
    plan_id INTEGER NOT NULL REFERENCES plan(id),
    position INTEGER NOT NULL,
    quarter INTEGER NOT NULL,
    meeting_id INTEGER REFERENCES meeting(id),
    PRIMARY KEY (plan_id, position)
);
INSERT INTO plan_item (plan_id, position, quarter, meeting_id)
SELECT p.id, CAST(j.key AS INTEGER), CAST(json_extract(j.value, '$.quarter') AS INTEGER),
       CAST(json_extract(j.value, '$.meeting') AS INTEGER)
FROM plan p, json_each(p.items_json) j;
