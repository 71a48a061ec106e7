import { rfc2822 } from '../dates';
import type { ApplicationRecord, KeyRecord, NumberRecord } from './resource-store';

const base = (accountSid: string) => `/2010-04-01/Accounts/${accountSid}`;

/** An Application (TwiML App) as the 2010 REST API renders it. */
export function applicationJson(accountSid: string, a: ApplicationRecord): Record<string, unknown> {
  return {
    account_sid: accountSid,
    api_version: '2010-04-01',
    date_created: rfc2822(a.dateCreated),
    date_updated: rfc2822(a.dateUpdated),
    friendly_name: a.friendlyName,
    message_status_callback: null,
    sid: a.sid,
    sms_fallback_method: 'POST',
    sms_fallback_url: null,
    sms_method: 'POST',
    sms_url: null,
    status_callback: a.statusCallback ?? null,
    status_callback_method: 'POST',
    uri: `${base(accountSid)}/Applications/${a.sid}.json`,
    voice_caller_id_lookup: false,
    voice_fallback_method: 'POST',
    voice_fallback_url: null,
    voice_method: a.voiceMethod,
    voice_url: a.voiceUrl ?? null,
    public_application_connect_enabled: true,
  };
}

/** An API key; `secret` only in the create response. */
export function keyJson(k: KeyRecord, withSecret = false): Record<string, unknown> {
  return {
    sid: k.sid,
    friendly_name: k.friendlyName,
    date_created: rfc2822(k.dateCreated),
    date_updated: rfc2822(k.dateUpdated),
    ...(withSecret ? { secret: k.secret } : {}),
  };
}

/** An IncomingPhoneNumber as the 2010 REST API renders it. */
export function numberJson(accountSid: string, n: NumberRecord): Record<string, unknown> {
  return {
    account_sid: accountSid,
    address_requirements: 'none',
    address_sid: null,
    api_version: '2010-04-01',
    beta: false,
    capabilities: { voice: true, sms: true, mms: false, fax: false },
    date_created: rfc2822(n.dateCreated),
    date_updated: rfc2822(n.dateUpdated),
    friendly_name: n.friendlyName,
    identity_sid: null,
    phone_number: n.phoneNumber,
    origin: 'twilio',
    sid: n.sid,
    sms_application_sid: null,
    sms_fallback_method: 'POST',
    sms_fallback_url: '',
    sms_method: 'POST',
    sms_url: '',
    status_callback: n.statusCallback ?? '',
    status_callback_method: 'POST',
    trunk_sid: null,
    uri: `${base(accountSid)}/IncomingPhoneNumbers/${n.sid}.json`,
    voice_receive_mode: 'voice',
    voice_application_sid: n.voiceApplicationSid ?? null,
    voice_caller_id_lookup: false,
    voice_fallback_method: 'POST',
    voice_fallback_url: null,
    voice_method: n.voiceMethod,
    voice_url: n.voiceUrl ?? null,
    emergency_status: 'Inactive',
    emergency_address_sid: null,
    emergency_address_status: 'unregistered',
    bundle_sid: null,
    status: 'in-use',
    subresource_uris: {
      assigned_add_ons: `${base(accountSid)}/IncomingPhoneNumbers/${n.sid}/AssignedAddOns.json`,
    },
  };
}
