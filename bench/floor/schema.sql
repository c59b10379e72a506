-- The floor's tables (bench/README.md, "The floor"): one schema per process, like the platform's services,
-- with the same rows a low-risk application writes there (application, counter, timeline, case, business
-- actor, permit, audit row, outbox and inbox), without the platform's constraints beyond keys, hash chain
-- or triggers. Recreated by every `npm run bench`.
DROP SCHEMA IF EXISTS floor_intake, floor_verification, floor_issuance CASCADE;
CREATE SCHEMA floor_intake;
CREATE SCHEMA floor_verification;
CREATE SCHEMA floor_issuance;

CREATE TABLE floor_intake.application_counters (office_code char(4), year smallint, last_number integer NOT NULL, PRIMARY KEY (office_code, year));
CREATE TABLE floor_intake.applications (
  id uuid PRIMARY KEY, number varchar(30) NOT NULL UNIQUE, office_code char(4) NOT NULL, status varchar(30) NOT NULL,
  body jsonb NOT NULL, submitted_at timestamptz NOT NULL, updated_at timestamptz NOT NULL);
CREATE TABLE floor_intake.application_timeline (
  id bigserial PRIMARY KEY, application_id uuid NOT NULL, status varchar(30) NOT NULL, at timestamptz NOT NULL, event_id uuid UNIQUE);
CREATE INDEX ON floor_intake.application_timeline (application_id);
CREATE TABLE floor_intake.application_permits (application_id uuid, type varchar(30), number varchar(60) NOT NULL, issued_at timestamptz NOT NULL, PRIMARY KEY (application_id, type));

CREATE TABLE floor_verification.cases (
  id uuid PRIMARY KEY, application_id uuid NOT NULL UNIQUE, office_code char(4) NOT NULL, status varchar(30) NOT NULL,
  application jsonb NOT NULL, opened_at timestamptz NOT NULL, decided_at timestamptz);

CREATE TABLE floor_issuance.counters (office_code char(4), kind varchar(10), last_number integer NOT NULL, PRIMARY KEY (office_code, kind));
CREATE TABLE floor_issuance.business_actors (id uuid PRIMARY KEY, identity_key varchar(40) NOT NULL UNIQUE, nib char(13) NOT NULL UNIQUE, registered_at timestamptz NOT NULL);
CREATE TABLE floor_issuance.permits (
  id uuid PRIMARY KEY, application_id uuid NOT NULL, business_actor_id uuid NOT NULL, type varchar(30) NOT NULL,
  number varchar(60) NOT NULL, office_code char(4) NOT NULL, issued_at timestamptz NOT NULL, UNIQUE (application_id, type));

DO $$
DECLARE s text;
BEGIN
  FOREACH s IN ARRAY ARRAY['floor_intake', 'floor_verification', 'floor_issuance'] LOOP
    EXECUTE format('CREATE TABLE %I.outbox (id bigserial PRIMARY KEY, event_id uuid NOT NULL UNIQUE, topic varchar(200) NOT NULL,
      aggregateid varchar(100) NOT NULL, type varchar(100) NOT NULL, payload jsonb NOT NULL, occurred_at timestamptz NOT NULL DEFAULT now(),
      published_at timestamptz)', s);
    EXECUTE format('CREATE INDEX ON %I.outbox (id) WHERE published_at IS NULL', s);
    EXECUTE format('CREATE TABLE %I.inbox (consumer varchar(200) NOT NULL, event_id uuid NOT NULL, topic varchar(200) NOT NULL,
      event_type varchar(100) NOT NULL, processed_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (consumer, event_id))', s);
    EXECUTE format('CREATE TABLE %I.audit_log (id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now(), action varchar(100) NOT NULL,
      subject_id varchar(100) NOT NULL, details jsonb NOT NULL DEFAULT ''{}''::jsonb)', s);
  END LOOP;
END $$;
