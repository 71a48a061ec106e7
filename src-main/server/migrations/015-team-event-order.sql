-- The team's event numbers come from one counter row instead of a team-wide advisory lock: the
-- statement that saves a change takes the next number from this row, whose lock it holds until it
-- commits, so numbers still commit in the order they are given (a reader that has seen N has seen
-- every number below it) and a save is one statement, not a transaction of seven round trips.
create table team_event_counter (
  only_row boolean primary key default true check (only_row),
  seq bigint not null
);
insert into team_event_counter (seq) select coalesce(max(seq), 0) from team_events;

-- The instance that wrote the event: an instance follows the other instances' session changes from
-- the log itself (no second notification per save), and skips its own.
alter table team_events add column origin text not null default '';
