import { spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { luhnValid, scanText, scanTree } from '../../../src-main/core/diagnostics/card-scan';
import { tempDir } from '../../helpers/temp-dir';

// Built at run time so this file itself never holds a card number in one piece.
const VISA = ['4111', '1111', '1111', '1111'];
const AMEX = ['3782', '822463', '10005'];

describe('the card-data scanner', () => {
  it.each([
    ['plain', VISA.join('')],
    ['spaced', VISA.join(' ')],
    ['dashed', VISA.join('-')],
    ['15-digit', AMEX.join('')],
    ['in JSON', `{"pan":"${VISA.join('')}"}`],
    ['in a form body', `PaymentCardNumber=${VISA.join('')}&Foo=1`],
  ])('finds a %s card number and keeps only its last 4', (_label, text) => {
    const hits = scanText(`before\n${text}\nafter`);
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ kind: 'card-number', line: 2 });
    expect(hits[0]!.masked).toMatch(/^x+\d{4}$/);
  });

  it.each([
    ['a masked number', 'PaymentCardNumber=xxxxxxxxxxxx1111'],
    ['a Luhn-invalid run', `${VISA.join('').slice(0, 15)}2`],
    ['an epoch-millisecond timestamp', '{"time":1764162000000}'],
    ['a hex SID', 'CA4111111111111111aaaaaaaaaaaaaaaa'],
    ['the digit groups of a UUID', '"sessionId":"30274d3f-4847-4109-9127-bd6ffff6ed3b"'],
    ['an international phone number', '+447700900123'],
    ['a masked security code', 'SecurityCode=xxx'],
  ])('ignores %s', (_label, text) => {
    expect(scanText(text)).toEqual([]);
  });

  it.each([
    ['a form field', 'SecurityCode=123'],
    ['a JSON key', '"securityCode": "1234"'],
    ['a cvv label', 'cvv: 999'],
    ['a CVC label', 'CVC 321'],
    ['a sentence', 'security code is 555'],
  ])('finds a security code next to its label in %s', (_label, text) => {
    expect(scanText(text)).toEqual([
      { kind: 'security-code', line: 1, masked: expect.stringMatching(/^x{3,4}$/) },
    ]);
  });

  it('checks Luhn', () => {
    expect(luhnValid(VISA.join(''))).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
  });
});

describe('the tripwire over written files', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  beforeEach(async () => (dir = await tempDir('tripwire-')));
  afterEach(async () => {
    // The planted file must not survive for npm test's own scan of test-results.
    const { rm } = await import('node:fs/promises');
    await rm(dir.path, { recursive: true, force: true });
  });

  it('catches a card number planted in a log file and fails the run', async () => {
    await mkdir(join(dir.path, 'logs'));
    await writeFile(
      join(dir.path, 'logs', 'app.log'),
      `{"level":30,"msg":"ok"}\n{"msg":"card ${VISA.join(' ')}"}\n`,
    );
    await writeFile(join(dir.path, 'clean.json'), '{"last4":"1111","brand":"visa"}');
    const hits = await scanTree(dir.path);
    expect(hits).toEqual([
      { kind: 'card-number', line: 2, masked: 'xxxxxxxxxxxx1111', file: join('logs', 'app.log') },
    ]);

    const run = spawnSync(
      'npx',
      ['tsx', '--tsconfig', 'tsconfig.node.json', 'test/helpers/scan-outputs.ts', dir.path],
      { cwd: resolve(import.meta.dirname, '../../..'), encoding: 'utf8' },
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('xxxxxxxxxxxx1111');
    expect(run.stderr + run.stdout).not.toContain(VISA.join(''));
  });
});
