-- ADM-PRB-03, ADM-REC-03/05: the official date (normally the anniversary of the ceremony,
-- as written in the recognition decision) and the day the recognition decision takes effect
-- are two facts; standing changes only with the decision. Records stored before this
-- migration had one date for both: it becomes both (their decision date is not known).
ALTER TABLE member ADD COLUMN recognition_date DATE;
ALTER TABLE member ADD COLUMN recognition_ref TEXT;
UPDATE member SET recognition_date = official_date WHERE official_date IS NOT NULL;
