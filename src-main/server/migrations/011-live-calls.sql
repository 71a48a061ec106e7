-- The account's calls as Twilio's callbacks tell them (the voice URL requests, the TwiML App's and the
-- number's StatusCallback, the <Dial> legs' own callbacks), so "Call to charge" lists the calls in
-- progress from here, with no Calls-list request to Twilio. One row per CallSid, kept by any instance.
create table live_calls (
  call_sid text primary key,
  status text not null,
  -- How far along: 0 queued or initiated, 1 ringing, 2 in-progress, 3 ended. It only ever rises, so a
  -- late callback (an "in-progress" after the "completed") changes nothing.
  rank smallint not null,
  from_number text not null default '',
  to_number text not null default '',
  direction text,
  parent_call_sid text,
  -- Twilio's Timestamp and SequenceNumber of the news last applied: older news is not applied.
  event_at timestamptz,
  sequence_number integer,
  first_seen_at timestamptz not null,
  updated_at timestamptz not null
);

create index live_calls_in_progress on live_calls (first_seen_at) where rank = 2;
