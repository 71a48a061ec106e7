import formbody from '@fastify/formbody';
import Fastify from 'fastify';
import twilio from 'twilio';
import { startSandbox, type Sandbox } from '../../src-main/sandbox/index';
import { createVoice, type SandboxVoice } from '../../src-main/sandbox/voice/index';
import { sandboxHttpClient } from '../../src-main/core/twilio/sandbox-http-client';

/** A webhook request the stand-in app received, with whether its X-Twilio-Signature was valid. */
export interface Hook {
  path: string;
  params: Record<string, string>;
  signed: boolean;
}

/**
 * The sandbox with voice, plus a stand-in for Callpay's webhook server: it checks every request's
 * signature with the twilio library and answers the TwiML a test sets with `answer(path, twiml)`.
 */
export interface VoiceRig {
  sandbox: Sandbox;
  voice: SandboxVoice;
  /** The official twilio client, pointed at the sandbox. */
  rest: ReturnType<typeof twilio>;
  appUrl: string;
  applicationSid: string;
  hooks: Hook[];
  /** Lets a test page's origin reach the sandbox directly (as the console's origin is let in). */
  allowOrigin(origin: string): void;
  answer(path: string, twiml: string | ((params: Record<string, string>) => string | Promise<string>)): void;
  token(
    identity: string,
    opts?: { ttl?: number; secret?: string; appParams?: Record<string, string> },
  ): string;
  close(): Promise<void>;
}

/** Starts the rig; the TwiML App's VoiceUrl is `<appUrl>/voice`, and the number +15550100999 runs `/inbound`. */
export async function startVoiceRig(): Promise<VoiceRig> {
  const hooks: Hook[] = [];
  const answers = new Map<string, (params: Record<string, string>) => string | Promise<string>>();
  const web = Fastify();
  await web.register(formbody);
  const signing = { authToken: '' };
  let appUrl = '';
  web.post('/*', async (request, reply) => {
    const params = request.body as Record<string, string>;
    const signature = String(request.headers['x-twilio-signature'] ?? '');
    const signed = twilio.validateRequest(signing.authToken, signature, appUrl + request.url, params);
    hooks.push({ path: request.url, params, signed });
    const twiml = (await answers.get(request.url)?.(params)) ?? '<Response/>';
    return reply.type('text/xml').send(twiml);
  });
  await web.listen({ host: '127.0.0.1', port: 0 });
  const address = web.server.address();
  appUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  const voice = createVoice({ ringMs: 300, heartbeatMs: 1000 });
  const origins: string[] = [];
  const sandbox = await startSandbox({ extensions: [voice.extension], allowedOrigins: () => origins });
  // The stand-in app's TwiML App and number, created over REST with the twilio library as setup does.
  const c = sandbox.credentials;
  const rest = twilio(c.apiKeySid, c.apiKeySecret, {
    accountSid: c.accountSid,
    httpClient: sandboxHttpClient(sandbox.url),
  });
  const application = await rest.applications.create({
    friendlyName: 'voice rig',
    voiceUrl: `${appUrl}/voice`,
    statusCallback: `${appUrl}/app-status`,
  });
  const applicationSid = application.sid;
  await rest.incomingPhoneNumbers.create({ phoneNumber: '+15550100999', voiceUrl: `${appUrl}/inbound` });
  signing.authToken = sandbox.credentials.authToken;

  return {
    sandbox,
    voice,
    rest,
    appUrl,
    applicationSid,
    hooks,
    allowOrigin: (origin) => void origins.push(origin),
    answer(path, twiml) {
      answers.set(path, typeof twiml === 'string' ? () => twiml : twiml);
    },
    token(identity, opts = {}) {
      const c = sandbox.credentials;
      const token = new twilio.jwt.AccessToken(c.accountSid, c.apiKeySid, opts.secret ?? c.apiKeySecret, {
        identity,
        ttl: opts.ttl ?? 3600,
      });
      token.addGrant(
        new twilio.jwt.AccessToken.VoiceGrant({
          outgoingApplicationSid: applicationSid,
          incomingAllow: true,
          ...(opts.appParams ? { outgoingApplicationParams: opts.appParams } : {}),
        }),
      );
      return token.toJwt();
    },
    async close() {
      await sandbox.close();
      await web.close();
    },
  };
}

/** Polls `check` every 50 ms until it returns a value that is not undefined/false, or fails after `ms`. */
export async function eventually<T>(
  check: () => T | Promise<T>,
  ms = 5000,
  what = 'condition',
): Promise<Exclude<T, false | undefined>> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value as Exclude<T, false | undefined>;
    if (Date.now() > deadline) throw new Error(`Timed out after ${ms} ms waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
