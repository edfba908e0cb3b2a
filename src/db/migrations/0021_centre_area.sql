-- Reports (issue 13): a centre is urban or rural (or not said), so that
-- training can be counted by area (DESIGN.md 6a).
ALTER TABLE centres ADD COLUMN area TEXT CHECK (area IN ('urban', 'rural'));
