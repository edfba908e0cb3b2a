-- The certificates register (/admin/certificates) searches what a
-- certificate says: its holder's name as printed, its title, its register
-- number and code, folded as utf8_fold_search folds (NFC, case, marks), so
-- that "memmedova" finds "Məmmədova" on both engines. Folding is Dars's own
-- (not SQL's lower()), so rows written before this column are folded by the
-- module when it starts (certs_init): NULL means "not folded yet".
ALTER TABLE certificates ADD COLUMN search TEXT;
