-- Ownership tokens (docs/EXTENSIONS.md §3.3): who holds a subject's claim, by (context, subject name).
-- Only a hash of the token is kept. No foreign key to subjects: a name may be claimed before its first
-- registration, and the claim outlives a delete of the subject until its owner releases it.
CREATE TABLE subject_owners (
  context    text        NOT NULL,
  subject    text        NOT NULL,
  token_hash text        NOT NULL,
  claimed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (context, subject)
);
