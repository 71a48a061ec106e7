import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import twilio from 'twilio';
import { sandboxHttpClient } from '../../src-main/core/twilio/sandbox-http-client';
import { parseCliArgs } from '../../src-main/sandbox/cli-args';
import { startSandbox } from '../../src-main/sandbox/index';
import { createVoice } from '../../src-main/sandbox/voice';

const root = resolve(import.meta.dirname, '../..');

function freePort(): Promise<number> {
  return new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

function runCli(args: string[], until: RegExp) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src-main/sandbox/cli.ts', ...args], {
    cwd: root,
    env: { ...process.env, TSX_TSCONFIG_PATH: 'tsconfig.node.json' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const ready = new Promise<string>((done, fail) => {
    const check = (chunk: Buffer) => {
      out += chunk.toString();
      if (until.test(out)) done(out);
    };
    child.stdout.on('data', check);
    child.stderr.on('data', check);
    child.on('exit', () => (until.test(out) ? done(out) : fail(new Error(`emulator exited early: ${out}`))));
  });
  return { child, ready };
}

describe('npm run emulator', () => {
  it('listens on the given port and prints its URL and the credentials it was given', async () => {
    const port = await freePort();
    const accountSid = 'AC' + '1'.repeat(32);
    const { child, ready } = runCli(
      ['--port', String(port), '--account-sid', accountSid, '--auth-token', 'cli-test-token'],
      /SDK chunderw/,
    );
    try {
      const out = await ready;
      expect(out).toContain(`http://127.0.0.1:${port}`);
      expect(out).toContain(`ws://127.0.0.1:${port}/signal`);
      expect(out).toContain(accountSid);
      expect(out).toContain('cli-test-token');
      const client = twilio(accountSid, 'cli-test-token', {
        httpClient: sandboxHttpClient(`http://127.0.0.1:${port}`),
      });
      await expect(client.calls.list()).resolves.toEqual([]);
    } finally {
      child.kill('SIGTERM');
    }
  }, 20_000);
});

describe('customer calls through the control API', () => {
  it('rings a Device through the voice side, refuses one nobody registered, and answers plain numbers', async () => {
    const voice = createVoice({ ringMs: 50 });
    const sandbox = await startSandbox({ extensions: [voice.extension] });
    const post = (body: unknown) =>
      fetch(`${sandbox.url}/_sandbox/calls`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    try {
      const nobody = await post({ from: '+14155550123', to: 'client:nobody' });
      expect(nobody.status).toBe(404);
      expect(await nobody.json()).toMatchObject({ code: 20404 });
      const plain = await post({ from: '+14155550123', to: '+14155550100' });
      expect(plain.status).toBe(201);
      expect(await plain.json()).toMatchObject({ status: 'in-progress', direction: 'inbound' });
      const bad = await post({ from: '+14155550123', to: 'somewhere' });
      expect(bad.status).toBe(400);
    } finally {
      await sandbox.close();
    }
  });
});

describe('emulator arguments', () => {
  it('reads the port, credentials and time scale', () => {
    const args = parseCliArgs([
      '--port',
      '4010',
      '--api-key-sid',
      'SK' + '2'.repeat(32),
      '--time-scale',
      '0.5',
    ]);
    expect(args).toMatchObject({
      help: false,
      options: { port: 4010, timeScale: 0.5, credentials: { apiKeySid: 'SK' + '2'.repeat(32) } },
    });
  });

  it.each([
    [['--port', 'eighty'], /--port must be a whole number from 0 to 65535/],
    [['--port', '70000'], /--port must be a whole number/],
    [['--time-scale', '0'], /--time-scale must be a positive number/],
    [['--colour'], /Unknown option '--colour'/],
  ])('refuses %j with a sentence naming the flag', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(message);
  });

  it('reports a port that is taken instead of starting half-way', async () => {
    const first = await startSandbox();
    try {
      await expect(startSandbox({ port: first.port })).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await first.close();
    }
  });

  it('refuses a malformed account SID when starting', async () => {
    await expect(startSandbox({ credentials: { accountSid: 'AC123' } })).rejects.toThrow(/32 hexadecimal/);
  });
});
