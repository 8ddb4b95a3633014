-- The audit log (docs/EXTENSIONS.md §3.4): the events table gains who asked, through which request,
-- what the event was and how it ended. Rows from before this migration keep nulls and are not listed
-- by GET /audit (it lists rows with an event_type).
ALTER TABLE events
  ADD COLUMN event_type  text,
  ADD COLUMN outcome     text,
  ADD COLUMN actor_type  text,
  ADD COLUMN auth_method text,
  ADD COLUMN role        text,
  ADD COLUMN target_type text,
  ADD COLUMN target_id   text,
  ADD COLUMN schema_type text,
  ADD COLUMN before_hash text,
  ADD COLUMN after_hash  text,
  ADD COLUMN source_ip   text,
  ADD COLUMN user_agent  text,
  ADD COLUMN method      text,
  ADD COLUMN path        text,
  ADD COLUMN status_code integer,
  ADD COLUMN reason      text,
  ADD COLUMN request_id  text,
  ADD COLUMN duration_ms double precision;

-- GET /audit pages by seq (the primary key) under each filter
CREATE INDEX events_subject_seq ON events (subject, seq);
CREATE INDEX events_type_seq ON events (event_type, seq);
CREATE INDEX events_outcome_seq ON events (outcome, seq);
CREATE INDEX events_at ON events (at);
