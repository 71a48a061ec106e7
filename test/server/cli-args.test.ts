import { describe, expect, it } from 'vitest';
import { parseServerArgs } from '../../src-main/server/cli-args';
import { readTwilioCredentials } from '../../src-main/server/credentials';

const parse = (args: string[], env: NodeJS.ProcessEnv = {}) => parseServerArgs(args, env);
const SID = `AC${'a'.repeat(32)}`;
const KEY = `SK${'b'.repeat(32)}`;

describe('npm run server options', () => {
  it('starts on 127.0.0.1:8790 with the embedded database by default, and reads DATABASE_URL', () => {
    expect(parse([])).toMatchObject({
      command: 'start',
      host: '127.0.0.1',
      port: 8790,
      databaseUrl: undefined,
    });
    expect(parse([], { DATABASE_URL: 'postgres://db.internal/callpay' })).toMatchObject({
      databaseUrl: 'postgres://db.internal/callpay',
    });
  });

  it('reads verify-audit with the database and the key file every instance seals with', () => {
    expect(
      parse(['verify-audit', '--audit-key-file', '/srv/callpay/audit.key'], {
        DATABASE_URL: 'postgres://db.internal/callpay',
      }),
    ).toMatchObject({
      command: 'verify-audit',
      databaseUrl: 'postgres://db.internal/callpay',
      auditKeyFile: '/srv/callpay/audit.key',
    });
    expect(parse(['--audit-key-file', '/srv/callpay/audit.key'])).toMatchObject({
      command: 'start',
      auditKeyFile: '/srv/callpay/audit.key',
    });
    expect(() => parse(['verify-audit', '--database-url', 'mysql://x/y'])).toThrow(
      /--database-url must start/,
    );
  });

  it('explains each bad option in a sentence', () => {
    expect(() => parse(['--port', 'eighty'])).toThrow(
      '--port must be a whole number from 0 to 65535, not "eighty".',
    );
    expect(() => parse(['--database-url', 'mysql://x/y'])).toThrow(
      '--database-url must start with postgres:// or postgresql://, not "mysql://x/y".',
    );
    expect(() => parse(['--public-url', 'pay.example.com'])).toThrow(/--public-url must be a full address/);
    expect(() => parse(['--public-url', 'http://pay.example.com'])).toThrow(
      '--public-url must be the https:// address Twilio reaches this server at.',
    );
    expect(() => parse(['--rest-base-url', 'ftp://127.0.0.1'])).toThrow(
      /--rest-base-url must start with http:\/\//,
    );
    expect(() => parse(['--colour'])).toThrow(/Unknown option '--colour'/);
    expect(() => parse(['serve'])).toThrow(
      'Unknown command "serve": use start, invite, devices, revoke or verify-audit.',
    );
  });

  it('takes an https public URL, and a loopback http one only to rehearse against a standalone sandbox', () => {
    expect(parse(['--public-url', 'https://pay.example.com/'])).toMatchObject({
      publicUrl: 'https://pay.example.com',
    });
    expect(
      parse(['--public-url', 'http://127.0.0.1:9000', '--rest-base-url', 'http://127.0.0.1:3000']),
    ).toMatchObject({ publicUrl: 'http://127.0.0.1:9000', restBaseUrl: 'http://127.0.0.1:3000' });
  });

  it('parses the invite command with its role', () => {
    expect(parse(['invite', 'Ana Ruiz', '--role', 'supervisor'])).toMatchObject({
      command: 'invite',
      name: 'Ana Ruiz',
      role: 'supervisor',
    });
    expect(parse(['invite', 'Ana', 'Ruiz'])).toMatchObject({ name: 'Ana Ruiz', role: 'agent' });
    expect(() => parse(['invite', 'Ana', '--role', 'owner'])).toThrow(
      '--role: The role must be agent, supervisor or admin.',
    );
    expect(() => parse(['invite'])).toThrow(/Give the person’s name/);
    expect(() => parse(['revoke'])).toThrow(/Name one device to revoke/);
  });
});

describe('Twilio credentials from the environment', () => {
  it('is sandbox mode with none, and reads the Auth Token or an API key pair as Twilio’s tools do', () => {
    expect(readTwilioCredentials({})).toBeUndefined();
    expect(readTwilioCredentials({ TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: 'tok' })).toEqual({
      accountSid: SID,
      authToken: 'tok',
    });
    expect(
      readTwilioCredentials({ TWILIO_ACCOUNT_SID: SID, TWILIO_API_KEY: KEY, TWILIO_API_SECRET: 'sec' }),
    ).toEqual({
      accountSid: SID,
      apiKeySid: KEY,
      apiKeySecret: 'sec',
    });
  });

  it('refuses a half-set environment with a sentence', () => {
    expect(() => readTwilioCredentials({ TWILIO_AUTH_TOKEN: 'tok' })).toThrow(/Set TWILIO_ACCOUNT_SID too/);
    expect(() => readTwilioCredentials({ TWILIO_ACCOUNT_SID: 'AC1' })).toThrow(
      /AC followed by 32 hex digits/,
    );
    expect(() => readTwilioCredentials({ TWILIO_ACCOUNT_SID: SID })).toThrow(
      /Set TWILIO_AUTH_TOKEN, or TWILIO_API_KEY/,
    );
    expect(() => readTwilioCredentials({ TWILIO_ACCOUNT_SID: SID, TWILIO_API_KEY: KEY })).toThrow(
      'Set TWILIO_API_KEY and TWILIO_API_SECRET together, or neither.',
    );
  });
});
