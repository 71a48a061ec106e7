-- The team link's answered commands: a command a device retries after a dropped socket (same
-- command id) gets the first answer back instead of running twice, on whichever instance it lands.
create table link_commands (
  device_id text not null references devices (id),
  command_id text not null,
  name text not null,
  -- The AppApi envelope (PAN-free, as every answer is); null while the command is still running.
  envelope jsonb,
  created_at timestamptz not null,
  primary key (device_id, command_id)
);

create index link_commands_created_at on link_commands (created_at);
