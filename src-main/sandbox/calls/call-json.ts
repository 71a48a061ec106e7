import { rfc2822 } from '../dates';
import type { CallRecord } from './call-store';

/** A call as the 2010 REST API renders it (snake_case, RFC 2822 dates, subresource URIs). */
export function callJson(call: CallRecord): Record<string, unknown> {
  const uri = `/2010-04-01/Accounts/${call.accountSid}/Calls/${call.sid}`;
  return {
    sid: call.sid,
    account_sid: call.accountSid,
    parent_call_sid: call.parentCallSid ?? null,
    date_created: rfc2822(call.dateCreated),
    date_updated: rfc2822(call.dateUpdated),
    to: call.to,
    to_formatted: call.to,
    from: call.from,
    from_formatted: call.from,
    phone_number_sid: null,
    status: call.status,
    start_time: call.startTime ? rfc2822(call.startTime) : null,
    end_time: call.endTime ? rfc2822(call.endTime) : null,
    duration: call.duration === undefined ? null : String(call.duration),
    price: null,
    price_unit: 'USD',
    direction: call.direction,
    answered_by: null,
    api_version: '2010-04-01',
    forwarded_from: null,
    group_sid: null,
    caller_name: null,
    queue_time: '0',
    trunk_sid: null,
    uri: `${uri}.json`,
    subresource_uris: {
      notifications: `${uri}/Notifications.json`,
      recordings: `${uri}/Recordings.json`,
      payments: `${uri}/Payments.json`,
      events: `${uri}/Events.json`,
      siprec: `${uri}/Siprec.json`,
      streams: `${uri}/Streams.json`,
      transcriptions: `${uri}/Transcriptions.json`,
      user_defined_message_subscriptions: `${uri}/UserDefinedMessageSubscriptions.json`,
      user_defined_messages: `${uri}/UserDefinedMessages.json`,
    },
  };
}
