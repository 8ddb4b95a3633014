-- The registry's tables. Ids and versions are int4 on purpose: the contract caps both at 2^31-1, and
-- int4 comes back as a JS number from both pg and PGlite (int8 does not).

CREATE SEQUENCE schema_ids AS integer START 1;

-- Schema content, immutable once written. Ids are unique per context (as in Confluent). New content
-- is deduplicated by content_hash (type, canonical text, references, metadata, rule set) under a lock;
-- the hash is not unique because IMPORT may bind one content to several ids, as Confluent allows.
CREATE TABLE schemas (
  context      text        NOT NULL,
  id           integer     NOT NULL DEFAULT nextval('schema_ids'),
  schema_type  text        NOT NULL,
  schema_text  text        NOT NULL,
  content_hash text        NOT NULL,
  guid         text        NOT NULL,
  refs         jsonb       NOT NULL DEFAULT '[]'::jsonb,
  metadata     jsonb,
  rule_set     jsonb,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (context, id)
);
CREATE INDEX schemas_hash ON schemas (context, content_hash);
CREATE INDEX schemas_guid ON schemas (guid);

-- Subjects exist from their first registration or OpenSchema upsert; attributes are OpenSchema's.
CREATE TABLE subjects (
  context     text        NOT NULL,
  name        text        NOT NULL,
  tenant      text,
  namespace   text,
  app         text,
  description text,
  status      text,
  coordinate  text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  modified_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (context, name)
);

CREATE TABLE subject_versions (
  context    text        NOT NULL,
  subject    text        NOT NULL,
  version    integer     NOT NULL,
  schema_id  integer     NOT NULL,
  deleted    boolean     NOT NULL DEFAULT false,
  -- OpenSchema's per-registration annotations
  name       text,
  comment    text,
  validator  text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (context, subject, version),
  FOREIGN KEY (context, subject) REFERENCES subjects (context, name),
  FOREIGN KEY (context, schema_id) REFERENCES schemas (context, id)
);
CREATE INDEX subject_versions_schema ON subject_versions (context, schema_id);

-- Which schema refers to which subject-version; answers referencedby and blocks deletes.
CREATE TABLE schema_references (
  context     text    NOT NULL,
  schema_id   integer NOT NULL,
  name        text    NOT NULL,
  ref_context text    NOT NULL,
  ref_subject text    NOT NULL,
  ref_version integer NOT NULL,
  PRIMARY KEY (context, schema_id, name),
  FOREIGN KEY (context, schema_id) REFERENCES schemas (context, id) ON DELETE CASCADE
);
CREATE INDEX schema_references_target ON schema_references (ref_context, ref_subject, ref_version);

-- Configs and modes by scope: ':.ctx:subject', ':.ctx:' for a context, ':.__GLOBAL:' for all.
CREATE TABLE configs (
  scope      text        PRIMARY KEY,
  config     jsonb       NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE modes (
  scope      text        PRIMARY KEY,
  mode       text        NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Append-only audit log of every write.
CREATE TABLE events (
  seq       bigserial   PRIMARY KEY,
  at        timestamptz NOT NULL DEFAULT now(),
  actor     text,
  action    text        NOT NULL,
  context   text,
  subject   text,
  version   integer,
  schema_id integer,
  detail    jsonb
);
