-- Each session's version (PaymentSession.version, one more with every change): a save lands only
-- over the version it was made from, so two instances changing one session at the same instant
-- cannot overwrite each other's change. Rows from before read as version 0, as their data does.
alter table payment_sessions add column version integer not null default 0;
