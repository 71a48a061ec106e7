-- The team's event log: what the team link numbers, and what a reconnecting device resumes from on
-- any instance. Each row is written in the transaction of the change it reports, so the numbers
-- are the team's, not one instance's run; rows are pruned by age and count (the newest is kept).
create table team_events (
  seq bigserial primary key,
  name text not null,
  -- What the event is about (a payment session's id).
  ref text not null,
  -- The payload as the reported table keeps it: PAN-free, saved cards sealed.
  payload jsonb not null,
  created_at timestamptz not null
);

create index team_events_created_at on team_events (created_at);
