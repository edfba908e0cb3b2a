-- Certificates (issue 17, DESIGN.md 6a): a course or programme may give a
-- certificate on completion, valid for some months or for good. A
-- certificate has an unguessable code (for /verify/{code}), a register
-- number per issuing centre and year, its PDF kept as drawn (a later
-- template change does not alter it), and a status; a revoked one keeps its
-- row, a corrected one is replaced by a new one. Templates per course or
-- programme; the signing keys of the Open Badges credentials, old ones kept.

ALTER TABLE courses ADD COLUMN certificate INTEGER NOT NULL DEFAULT 0
    CHECK (certificate IN (0, 1));
ALTER TABLE courses ADD COLUMN certificate_months INTEGER
    CHECK (certificate_months IS NULL OR certificate_months > 0);
ALTER TABLE programmes ADD COLUMN certificate INTEGER NOT NULL DEFAULT 0
    CHECK (certificate IN (0, 1));
ALTER TABLE programmes ADD COLUMN certificate_months INTEGER
    CHECK (certificate_months IS NULL OR certificate_months > 0);

CREATE TABLE certificates (
    id {{ID}},
    -- at least 80 bits of randomness, in a URL-safe alphabet
    code TEXT NOT NULL UNIQUE,
    -- "C-BAK/2026/000123": per issuing centre (its code, or NATIONAL) and year
    number TEXT NOT NULL UNIQUE,
    user_id BIGINT NOT NULL REFERENCES users(id),
    holder TEXT NOT NULL,
    course_id BIGINT REFERENCES courses(id),
    programme_id BIGINT REFERENCES programmes(id),
    -- the enrolment whose completion issued it (NULL: by hand, or a programme's)
    enrolment_id BIGINT REFERENCES enrolments(id),
    centre_id BIGINT REFERENCES centres(id),
    title TEXT NOT NULL,
    language TEXT NOT NULL DEFAULT 'en',
    hours DOUBLE PRECISION,
    issued_at TEXT NOT NULL,
    expires_at TEXT,
    -- valid | revoked | replaced (expired is valid past expires_at, worked out when read)
    status TEXT NOT NULL DEFAULT 'valid' CHECK (status IN ('valid', 'revoked', 'replaced')),
    revoked_at TEXT,
    revoke_reason TEXT,
    replaced_by BIGINT REFERENCES certificates(id),
    issued_by BIGINT REFERENCES users(id),
    template_id BIGINT,
    -- the PDF as drawn, after the commit that issued it (NULL until drawn)
    pdf {{BLOB}},
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK ((course_id IS NULL) <> (programme_id IS NULL))
);

-- one certificate per completion: a second completing transaction finds it taken
CREATE UNIQUE INDEX certificates_enrolment ON certificates(enrolment_id);
CREATE INDEX certificates_user ON certificates(user_id, issued_at);
CREATE INDEX certificates_course ON certificates(course_id, issued_at);
CREATE INDEX certificates_programme ON certificates(programme_id, issued_at);
CREATE INDEX certificates_issued ON certificates(issued_at);

-- the last register number given per issuing centre and year
CREATE TABLE certificate_counters (
    issuer TEXT NOT NULL,
    year INTEGER NOT NULL,
    last BIGINT NOT NULL,
    PRIMARY KEY (issuer, year)
);

-- how a course's or programme's certificates look (none: the built-in look)
CREATE TABLE certificate_templates (
    id {{ID}},
    course_id BIGINT REFERENCES courses(id),
    programme_id BIGINT REFERENCES programmes(id),
    -- the text with placeholders ({holder}, {title}, {date}, {centre}, {hours}, ...)
    body TEXT NOT NULL DEFAULT '',
    second_language TEXT,
    body_second TEXT NOT NULL DEFAULT '',
    colour TEXT NOT NULL DEFAULT '#1d70b8',
    signatory1_name TEXT NOT NULL DEFAULT '',
    signatory1_position TEXT NOT NULL DEFAULT '',
    signatory2_name TEXT NOT NULL DEFAULT '',
    signatory2_position TEXT NOT NULL DEFAULT '',
    -- up to three logos (ministry, centre, donor): PNG bytes
    logo1 {{BLOB}},
    logo2 {{BLOB}},
    logo3 {{BLOB}},
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK ((course_id IS NULL) <> (programme_id IS NULL))
);

CREATE UNIQUE INDEX certificate_templates_course ON certificate_templates(course_id);
CREATE UNIQUE INDEX certificate_templates_programme ON certificate_templates(programme_id);

-- the RSA keys that sign Open Badges credentials; the newest live one signs, all are published
CREATE TABLE certificate_keys (
    id {{ID}},
    kid TEXT NOT NULL UNIQUE,
    -- PEM: the private key (PKCS#8) and the public key (SubjectPublicKeyInfo)
    private_pem TEXT NOT NULL,
    public_pem TEXT NOT NULL,
    retired_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
