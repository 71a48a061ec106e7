-- The team's own id: every instance's receiver answers /health with it, so the heartbeat through
-- the balancer knows the public URL reaches this team, whichever instance answers.
create table team_identity (
  id text primary key,
  created_at timestamptz not null default now()
);
insert into team_identity (id) values (md5(random()::text || clock_timestamp()::text));
