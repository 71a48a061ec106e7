-- A callback names its payment by Sid; the instance it lands on finds the session by it.
create index payment_sessions_payment_sid on payment_sessions ((data->>'paymentSid'));
