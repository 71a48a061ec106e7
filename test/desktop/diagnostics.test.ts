import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  collectDiagnostics,
  diagnosticsBundle,
  REMOVED_LINE,
  withoutSecrets,
} from '../../src-main/electron/diagnostics';
import { RotatingLogFile } from '../../src-main/electron/log-file';
import { tempDir } from '../helpers/temp-dir';

// Built at run time and kept in memory only: test output must never hold a card number.
const TEST_PAN = ['4111', '1111', '1111', '1111'].join('');
const when = new Date('2026-11-26T12:00:00Z');

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

async function dir() {
  const d = await tempDir('diag-');
  cleanup = d.cleanup;
  return d.path;
}

describe('the log file', () => {
  it('appends lines and rotates by size, keeping a fixed number of old files', async () => {
    const path = await dir();
    const log = new RotatingLogFile(path, { maxBytes: 100, keep: 2 });
    for (let i = 0; i < 12; i++)
      log.write(`{"event":"line ${String(i).padStart(2, '0')}","pad":"${'x'.repeat(20)}"}\n`);
    expect((await readdir(path)).sort()).toEqual(['callpay.1.log', 'callpay.2.log', 'callpay.log']);
    const current = await readFile(join(path, 'callpay.log'), 'utf8');
    expect(current).toContain('line 11');
    expect(Buffer.byteLength(current)).toBeLessThanOrEqual(100);
    expect(await readFile(join(path, 'callpay.2.log'), 'utf8')).not.toContain('line 00');
  });

  it('carries on from the size of an existing file after a restart', async () => {
    const path = await dir();
    await writeFile(join(path, 'callpay.log'), 'x'.repeat(90));
    new RotatingLogFile(path, { maxBytes: 100, keep: 1 }).write('y'.repeat(20));
    expect(await readFile(join(path, 'callpay.1.log'), 'utf8')).toBe('x'.repeat(90));
  });
});

describe('the diagnostics bundle', () => {
  it('replaces secret-looking fields at any depth and keeps identifiers', () => {
    expect(
      withoutSecrets({ twilio: { accountSid: 'AC123', authToken: 'abc', nested: [{ apiKeySecret: 's' }] } }),
    ).toEqual({
      twilio: { accountSid: 'AC123', authToken: '[removed]', nested: [{ apiKeySecret: '[removed]' }] },
    });
  });

  it('holds the app facts, the settings and every log', () => {
    const { text, removedLines } = diagnosticsBundle(
      {
        app: { version: '0.1.0', os: 'linux x64' },
        settings: { agentIdentity: 'ada', twilio: { accountSid: 'AC123' } },
        logs: [{ name: 'callpay.log', text: '{"event":"app.started"}\n' }],
      },
      when,
    );
    expect(removedLines).toBe(0);
    expect(text).toContain('# Callpay diagnostics, 2026-11-26T12:00:00.000Z');
    expect(text).toContain('version: 0.1.0');
    expect(text).toContain('"agentIdentity": "ada"');
    expect(text).toContain('## callpay.log\n{"event":"app.started"}');
  });

  it('leaves out every line the card-data scanner flags, and nothing else', () => {
    const log = [
      '{"event":"call.started","to":"+14155550100"}',
      `{"event":"oops","body":"Digits=${TEST_PAN}"}`,
      '{"event":"payment.captured","display":"•••• 1111"}',
      '{"event":"oops","body":"SecurityCode=123"}',
    ].join('\n');
    const { text, removedLines } = diagnosticsBundle(
      { app: {}, settings: {}, logs: [{ name: 'callpay.log', text: log }] },
      when,
    );
    expect(removedLines).toBe(2);
    expect(text.includes(TEST_PAN)).toBe(false);
    expect(text).not.toContain('SecurityCode=123');
    expect(text.split(REMOVED_LINE)).toHaveLength(3);
    expect(text).toContain('"to":"+14155550100"');
    expect(text).toContain('•••• 1111');
  });

  it('collects the logs oldest first and notes a missing or broken settings file', async () => {
    const path = await dir();
    await writeFile(join(path, 'callpay.1.log'), 'older\n');
    await writeFile(join(path, 'callpay.log'), 'newer\n');
    const parts = await collectDiagnostics(path, join(path, 'settings.json'), { version: '1' });
    expect(parts.logs.map((l) => l.name)).toEqual(['callpay.1.log', 'callpay.log']);
    expect(parts.settings).toBe('no settings file');
    await writeFile(join(path, 'settings.json'), '{broken');
    expect((await collectDiagnostics(path, join(path, 'settings.json'), {})).settings).toBe(
      'the settings file is not valid JSON',
    );
  });
});
