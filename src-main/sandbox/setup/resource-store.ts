import { newSecret, newSid } from '../ids';

/** A TwiML App as setup needs it. */
export interface ApplicationRecord {
  sid: string;
  friendlyName: string;
  voiceUrl?: string;
  voiceMethod: string;
  statusCallback?: string;
  dateCreated: Date;
  dateUpdated: Date;
}

/** An API key; the secret is only ever returned by create, as Twilio does. */
export interface KeyRecord {
  sid: string;
  friendlyName: string;
  secret: string;
  dateCreated: Date;
  dateUpdated: Date;
}

/** A phone number on the account, with the voice webhook an inbound call runs. */
export interface NumberRecord {
  sid: string;
  phoneNumber: string;
  friendlyName: string;
  voiceUrl?: string;
  voiceMethod: string;
  voiceApplicationSid?: string;
  statusCallback?: string;
  dateCreated: Date;
  dateUpdated: Date;
}

/** Applications, Keys and IncomingPhoneNumbers created through REST (in memory, per sandbox run). */
export class ResourceStore {
  readonly applications = new Map<string, ApplicationRecord>();
  readonly keys = new Map<string, KeyRecord>();
  readonly numbers = new Map<string, NumberRecord>();

  addApplication(fields: Partial<ApplicationRecord>, now: Date): ApplicationRecord {
    const app: ApplicationRecord = {
      friendlyName: '',
      voiceMethod: 'POST',
      ...fields,
      sid: newSid('AP'),
      dateCreated: now,
      dateUpdated: now,
    };
    this.applications.set(app.sid, app);
    return app;
  }

  addKey(friendlyName: string, now: Date): KeyRecord {
    const key: KeyRecord = {
      sid: newSid('SK'),
      friendlyName,
      secret: newSecret(),
      dateCreated: now,
      dateUpdated: now,
    };
    this.keys.set(key.sid, key);
    return key;
  }

  addNumber(fields: Partial<NumberRecord> & { phoneNumber: string }, now: Date): NumberRecord {
    const number: NumberRecord = {
      friendlyName: fields.phoneNumber,
      voiceMethod: 'POST',
      ...fields,
      sid: newSid('PN'),
      dateCreated: now,
      dateUpdated: now,
    };
    this.numbers.set(number.sid, number);
    return number;
  }

  application(sid: string): ApplicationRecord | undefined {
    return this.applications.get(sid);
  }

  numberByPhone(e164: string): NumberRecord | undefined {
    return [...this.numbers.values()].find((n) => n.phoneNumber === e164);
  }
}
