-- History's rows, folded from audit_entries (the record) as it grows: one per payment, with what
-- History filters by in columns of their own. Derived only: emptied and folded again from the log
-- whenever the folding changes (payment_history_state.version), so it never needs a data migration.
create table payment_history (
  session_id text primary key,
  -- What the fold needs of an open payment's entries so far; null once it has ended.
  fold jsonb,
  -- The ended payment's row as History shows it (a saved card still sealed); null while open.
  entry jsonb,
  -- The seq of the entry that ended it (a late Result moves it): History's order, newest first,
  -- and its pages' cursor.
  pos bigint,
  ended_at timestamptz,
  outcome text,
  agent text,
  -- historySearchText of the row: what a typed search looks in.
  hay text,
  check ((fold is null) <> (entry is null))
);

create unique index payment_history_order on payment_history (pos) where entry is not null;
-- An agent's own History (every agent's first page) and the supervisor's filter by agent.
create index payment_history_agent on payment_history (agent, pos) where entry is not null;
create index payment_history_outcome on payment_history (outcome, pos) where entry is not null;

-- How far into audit_entries the table is folded, and by which version of the folding.
create table payment_history_state (
  only_row boolean primary key default true check (only_row),
  seq bigint not null,
  version integer not null
);
insert into payment_history_state (seq, version) values (0, 0);
