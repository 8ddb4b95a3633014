-- Staging (docs/EXTENSIONS.md §8): at most one staged schema per subject of a context, waiting for
-- POST /staging/promote. Kept in the database, so it survives restarts and every instance on one
-- PostgreSQL sees the same staging. References are kept as given: `version: -1` is resolved at
-- promotion (to the version the referenced staged schema got, else the latest). Never read by the
-- registry's read paths.
CREATE TABLE staged_schemas (
  context     text        NOT NULL,
  subject     text        NOT NULL,
  schema_type text        NOT NULL,
  schema_text text        NOT NULL,
  "references" jsonb      NOT NULL,
  metadata    jsonb,
  rule_set    jsonb,
  -- staged with ?force=true (by an admin): promoted with force too, its findings in the audit
  forced      boolean     NOT NULL DEFAULT false,
  staged_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (context, subject)
);
