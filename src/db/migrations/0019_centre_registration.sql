-- Whether people may register themselves at a centre (issue 12): 'open' (the
-- account is active once the address is checked), 'approval' (a manager of
-- the centre or its region, or an admin, approves it), 'closed' (not offered).
ALTER TABLE centres ADD COLUMN registration TEXT NOT NULL DEFAULT 'closed'
    CHECK (registration IN ('open', 'approval', 'closed'));
