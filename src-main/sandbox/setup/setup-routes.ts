import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Clock } from '../clock';
import { pageOf } from '../http';
import { TwilioError, notFound } from '../http';
import type { NumberRecord, ResourceStore } from './resource-store';
import { applicationJson, keyJson, numberJson } from './setup-json';

const httpUrl = (name: string) =>
  z
    .string()
    .refine(
      (v) => v === '' || (/^https?:\/\//i.test(v) && URL.canParse(v)),
      `${name} must be an http(s) URL.`,
    );
const method = z
  .enum(['GET', 'POST', 'get', 'post'], { message: 'Methods must be GET or POST.' })
  .transform((m) => m.toUpperCase());
const AppBody = z.object({
  FriendlyName: z.string().max(64, 'FriendlyName must be at most 64 characters.').optional(),
  VoiceUrl: httpUrl('VoiceUrl').optional(),
  VoiceMethod: method.optional(),
  StatusCallback: httpUrl('StatusCallback').optional(),
});
const KeyBody = z.object({
  FriendlyName: z.string().max(64, 'FriendlyName must be at most 64 characters.').optional(),
});
const NumberBody = AppBody.extend({
  VoiceApplicationSid: z
    .string()
    .regex(/^(AP[0-9a-fA-F]{32})?$/, 'VoiceApplicationSid must be AP followed by 32 hexadecimal characters.')
    .optional(),
  PhoneNumber: z
    .string()
    .regex(/^\+[1-9][0-9]{6,14}$/, 'PhoneNumber must be in E.164 form, such as +14155550100.')
    .optional(),
  AreaCode: z
    .string()
    .regex(/^[2-9][0-9]{2}$/, 'AreaCode must be three digits, such as 415.')
    .optional(),
});

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body ?? {});
  if (!result.success)
    throw new TwilioError(400, 21502, result.error.issues[0]?.message ?? 'Invalid parameter.');
  return result.data;
}

/** Only the fields a request sent, with empty strings clearing a URL (as Twilio does). */
function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

type Sid = { Params: { AccountSid: string; Sid: string }; Querystring: Record<string, string> };

/** Applications, Keys and IncomingPhoneNumbers: create, list, fetch, update, delete — what account setup needs. */
export function setupRoutes(store: ResourceStore, clock: Clock) {
  return async (app: FastifyInstance) => {
    const fetchOr404 = <T>(map: Map<string, T>, sid: string, url: string) => {
      const found = map.get(sid);
      if (!found) throw notFound(url);
      return found;
    };
    const path = (accountSid: string, name: string) => `/2010-04-01/Accounts/${accountSid}/${name}.json`;

    // Applications
    const applications = { config: { operation: 'applications' as const } };
    app.post<Sid>('/Applications.json', applications, async (request, reply) => {
      const body = defined(parse(AppBody, request.body));
      const created = store.addApplication(
        {
          friendlyName: body.FriendlyName ?? '',
          voiceUrl: body.VoiceUrl,
          voiceMethod: body.VoiceMethod ?? 'POST',
          statusCallback: body.StatusCallback,
        },
        clock.now(),
      );
      return reply.code(201).send(applicationJson(request.params.AccountSid, created));
    });
    app.get<Sid>('/Applications.json', applications, async (request) => {
      const name = request.query.FriendlyName;
      const list = [...store.applications.values()].filter((a) => !name || a.friendlyName === name);
      return pageOf(
        'applications',
        path(request.params.AccountSid, 'Applications'),
        request.query,
        list,
        (a) => applicationJson(request.params.AccountSid, a),
      );
    });
    app.get<Sid>('/Applications/:Sid.json', applications, async (request) =>
      applicationJson(
        request.params.AccountSid,
        fetchOr404(store.applications, request.params.Sid, request.url),
      ),
    );
    app.post<Sid>('/Applications/:Sid.json', applications, async (request) => {
      const found = fetchOr404(store.applications, request.params.Sid, request.url);
      const body = defined(parse(AppBody, request.body));
      if (body.FriendlyName !== undefined) found.friendlyName = body.FriendlyName;
      if (body.VoiceUrl !== undefined) found.voiceUrl = body.VoiceUrl || undefined;
      if (body.VoiceMethod !== undefined) found.voiceMethod = body.VoiceMethod;
      if (body.StatusCallback !== undefined) found.statusCallback = body.StatusCallback || undefined;
      found.dateUpdated = clock.now();
      return applicationJson(request.params.AccountSid, found);
    });
    app.delete<Sid>('/Applications/:Sid.json', applications, async (request, reply) => {
      fetchOr404(store.applications, request.params.Sid, request.url);
      store.applications.delete(request.params.Sid);
      return reply.code(204).send();
    });

    // Keys
    const keys = { config: { operation: 'keys' as const } };
    app.post<Sid>('/Keys.json', keys, async (request, reply) => {
      const body = parse(KeyBody, request.body);
      return reply.code(201).send(keyJson(store.addKey(body.FriendlyName ?? '', clock.now()), true));
    });
    app.get<Sid>('/Keys.json', keys, async (request) =>
      pageOf('keys', path(request.params.AccountSid, 'Keys'), request.query, [...store.keys.values()], (k) =>
        keyJson(k),
      ),
    );
    app.get<Sid>('/Keys/:Sid.json', keys, async (request) =>
      keyJson(fetchOr404(store.keys, request.params.Sid, request.url)),
    );
    app.post<Sid>('/Keys/:Sid.json', keys, async (request) => {
      const found = fetchOr404(store.keys, request.params.Sid, request.url);
      const body = parse(KeyBody, request.body);
      if (body.FriendlyName !== undefined) found.friendlyName = body.FriendlyName;
      found.dateUpdated = clock.now();
      return keyJson(found);
    });
    app.delete<Sid>('/Keys/:Sid.json', keys, async (request, reply) => {
      fetchOr404(store.keys, request.params.Sid, request.url);
      store.keys.delete(request.params.Sid);
      return reply.code(204).send();
    });

    // IncomingPhoneNumbers
    const numbers = { config: { operation: 'incoming-phone-numbers' as const } };
    app.post<Sid>('/IncomingPhoneNumbers.json', numbers, async (request, reply) => {
      const body = defined(parse(NumberBody, request.body));
      const phoneNumber =
        body.PhoneNumber ??
        (body.AreaCode ? `+1${body.AreaCode}555${String(store.numbers.size).padStart(4, '0')}` : undefined);
      if (!phoneNumber)
        throw new TwilioError(400, 21421, 'PhoneNumber or AreaCode is required to buy a number.');
      if (store.numberByPhone(phoneNumber))
        throw new TwilioError(400, 21422, `${phoneNumber} is already on this account.`);
      const created = store.addNumber(numberFields(body, phoneNumber), clock.now());
      return reply.code(201).send(numberJson(request.params.AccountSid, created));
    });
    app.get<Sid>('/IncomingPhoneNumbers.json', numbers, async (request) => {
      const { PhoneNumber: phone, FriendlyName: name } = request.query;
      const list = [...store.numbers.values()].filter(
        (n) => (!phone || n.phoneNumber === phone) && (!name || n.friendlyName === name),
      );
      return pageOf(
        'incoming_phone_numbers',
        path(request.params.AccountSid, 'IncomingPhoneNumbers'),
        request.query,
        list,
        (n) => numberJson(request.params.AccountSid, n),
      );
    });
    app.get<Sid>('/IncomingPhoneNumbers/:Sid.json', numbers, async (request) =>
      numberJson(request.params.AccountSid, fetchOr404(store.numbers, request.params.Sid, request.url)),
    );
    app.post<Sid>('/IncomingPhoneNumbers/:Sid.json', numbers, async (request) => {
      const found = fetchOr404(store.numbers, request.params.Sid, request.url);
      const body = defined(parse(NumberBody, request.body));
      if (body.VoiceApplicationSid && !store.application(body.VoiceApplicationSid)) {
        throw new TwilioError(400, 21606, `No application ${body.VoiceApplicationSid} on this account.`);
      }
      Object.assign(found, numberFields(body, found.phoneNumber), { dateUpdated: clock.now() });
      // An empty string clears a URL or the application, as in Twilio.
      if (body.VoiceUrl === '') delete found.voiceUrl;
      if (body.VoiceApplicationSid === '') delete found.voiceApplicationSid;
      if (body.StatusCallback === '') delete found.statusCallback;
      return numberJson(request.params.AccountSid, found);
    });
    app.delete<Sid>('/IncomingPhoneNumbers/:Sid.json', numbers, async (request, reply) => {
      fetchOr404(store.numbers, request.params.Sid, request.url);
      store.numbers.delete(request.params.Sid);
      return reply.code(204).send();
    });
  };
}

function numberFields(
  body: Partial<z.infer<typeof NumberBody>>,
  phoneNumber: string,
): Partial<NumberRecord> & { phoneNumber: string } {
  return {
    phoneNumber,
    ...defined({
      phoneNumber,
      friendlyName: body.FriendlyName,
      voiceUrl: body.VoiceUrl === '' ? undefined : body.VoiceUrl,
      voiceMethod: body.VoiceMethod,
      voiceApplicationSid: body.VoiceApplicationSid === '' ? undefined : body.VoiceApplicationSid,
      statusCallback: body.StatusCallback === '' ? undefined : body.StatusCallback,
    }),
  };
}
