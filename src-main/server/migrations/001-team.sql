-- People on the team, the invites that bring them in, and each device's revocable credential.
create table users (
  id text primary key,
  name text not null,
  role text not null check (role in ('agent', 'supervisor', 'admin')),
  -- The Voice client identity Twilio rings; unique across the team.
  identity text not null unique,
  created_at timestamptz not null
);

create table invites (
  id text primary key,
  -- SHA-256 of the code in the link: the code itself is never stored.
  code_hash text not null unique,
  name text not null,
  role text not null check (role in ('agent', 'supervisor', 'admin')),
  created_at timestamptz not null,
  expires_at timestamptz not null,
  used_at timestamptz,
  user_id text references users (id)
);

create table devices (
  id text primary key,
  user_id text not null references users (id),
  -- SHA-256 of the device's token: a stolen database signs no one in.
  token_hash text not null unique,
  label text not null,
  created_at timestamptz not null,
  last_seen_at timestamptz,
  revoked_at timestamptz
);

-- Payment sessions, whole, as the core's SessionStore keeps them.
create table payment_sessions (
  id text primary key,
  call_sid text not null,
  phase text not null,
  data jsonb not null,
  updated_at timestamptz not null
);

-- One open session per call, kept by the database for every instance at once.
create unique index payment_sessions_one_open_per_call on payment_sessions (call_sid)
  where phase not in ('succeeded', 'failed', 'cancelled', 'ended');

-- The hash-chained, PAN-free audit log: each entry's hash covers the previous one's.
create table audit_entries (
  seq bigint primary key,
  entry jsonb not null,
  prev text not null,
  hash text not null unique
);
