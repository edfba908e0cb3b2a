-- Who a person is, for the anonymous statistics donors ask for (issue 12):
-- gender, year of birth (the age band is worked out from it) and whether
-- they have a disability. All optional: NULL is "not given". The upper
-- bound of birth_year (this year) moves, so the code checks it; the table
-- keeps what cannot change. disability is 0 or 1, as other flags are.
ALTER TABLE users ADD COLUMN gender TEXT CHECK (gender IN ('female', 'male', 'other'));
ALTER TABLE users ADD COLUMN birth_year INTEGER CHECK (birth_year >= 1900);
ALTER TABLE users ADD COLUMN disability INTEGER CHECK (disability IN (0, 1));
