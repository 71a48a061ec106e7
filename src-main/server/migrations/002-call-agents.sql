-- Whose call each call is: the first agent to answer it, dial it or start a payment on it.
-- Only that agent takes payments on it, on whichever instance their device is connected to.
create table call_agents (
  call_sid text primary key,
  identity text not null,
  claimed_at timestamptz not null
);
