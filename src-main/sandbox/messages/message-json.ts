import { rfc2822 } from '../dates';
import type { MessageRecord } from './message-store';

/** A Message as the 2010 REST API renders it. */
export function messageJson(m: MessageRecord): Record<string, unknown> {
  const uri = `/2010-04-01/Accounts/${m.accountSid}/Messages/${m.sid}.json`;
  return {
    account_sid: m.accountSid,
    api_version: '2010-04-01',
    body: m.body,
    date_created: rfc2822(m.dateCreated),
    date_sent: m.dateSent ? rfc2822(m.dateSent) : null,
    date_updated: rfc2822(m.dateUpdated),
    direction: 'outbound-api',
    error_code: m.errorCode ?? null,
    error_message: m.errorCode ? (ERROR_MESSAGES[m.errorCode] ?? null) : null,
    from: m.from,
    messaging_service_sid: null,
    num_media: '0',
    num_segments: String(m.numSegments),
    price: null,
    price_unit: 'USD',
    sid: m.sid,
    status: m.status,
    subresource_uris: {
      media: uri.replace('.json', '/Media.json'),
      feedback: uri.replace('.json', '/Feedback.json'),
    },
    to: m.to,
    uri,
  };
}

const ERROR_MESSAGES: Record<number, string> = {
  30003: 'Unreachable destination handset',
  30005: 'Unknown destination handset',
  30006: 'Landline or unreachable carrier',
};
