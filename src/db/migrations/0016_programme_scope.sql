-- Programmes get an owner, as a course has its centre (issue 11): a centre
-- (its managers and its region's change it), a region (the region's
-- managers), or neither: a national programme, which only admins change.
-- Programmes made before this stay national.
ALTER TABLE programmes ADD COLUMN centre_id BIGINT REFERENCES centres(id);
ALTER TABLE programmes ADD COLUMN region_id BIGINT REFERENCES regions(id);

CREATE INDEX programmes_centre ON programmes(centre_id);
CREATE INDEX programmes_region ON programmes(region_id);
