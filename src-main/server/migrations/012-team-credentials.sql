-- The Twilio account an admin entered in the console, for every instance of the team. Its ids
-- (Account SID, API key SID, TwiML App, caller ID, …) as the core's settings keep them:
create table team_twilio (
  id boolean primary key default true check (id),
  account jsonb not null,
  updated_at timestamptz not null
);

-- Its secrets, each sealed (AES-256-GCM) with the key the server is given, bound to its name:
-- a copied table opens nothing without that key.
create table team_secrets (
  name text primary key check (name in ('authToken', 'apiKeySecret', 'webhookSharedKey')),
  sealed text not null,
  updated_at timestamptz not null
);
