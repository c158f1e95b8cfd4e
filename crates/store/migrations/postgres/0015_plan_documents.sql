-- The annual thematic plan as a numbered document (issues 10 and 11, DOC-05/06/19): a plan
-- gets its number "Số NN-KH/CB" when the cell submits it, in the unit of work of the
-- submission; a plan returned and submitted again keeps its number. `document.plan_id` names
-- the plan a number was issued for (a resolution names its meeting instead).
ALTER TABLE document ADD COLUMN plan_id BIGINT REFERENCES plan(id);
CREATE UNIQUE INDEX document_plan_kind_key ON document (plan_id, kind);
