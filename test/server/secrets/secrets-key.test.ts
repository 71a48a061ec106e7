import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSecretsKey } from '../../../src-main/server/secrets/secrets-key';
import { tempDir } from '../../helpers/temp-dir';

let dir: Awaited<ReturnType<typeof tempDir>>;
beforeAll(async () => {
  dir = await tempDir('secrets-key-');
});
afterAll(() => dir?.cleanup());

describe('the server’s secrets key', () => {
  it('is read from the file (base64, hex or raw bytes), else from CALLPAY_SECRETS_KEY, else there is none', async () => {
    const key = randomBytes(32);
    for (const [name, body] of [
      ['b64', `${key.toString('base64')}\n`],
      ['hex', key.toString('hex')],
      ['raw', key],
    ] as const) {
      await writeFile(join(dir.path, name), body);
      expect(await readSecretsKey(join(dir.path, name), {})).toEqual(key);
    }
    expect(await readSecretsKey(undefined, { CALLPAY_SECRETS_KEY: key.toString('base64') })).toEqual(key);
    expect(await readSecretsKey(undefined, {})).toBeUndefined();
  });

  it('refuses a key of the wrong size or a missing file with how to make one', async () => {
    await expect(readSecretsKey(undefined, { CALLPAY_SECRETS_KEY: 'c2hvcnQ=' })).rejects.toThrow(
      /CALLPAY_SECRETS_KEY is not 32 bytes.*openssl rand -base64 32/,
    );
    await expect(readSecretsKey(join(dir.path, 'missing'), {})).rejects.toThrow(
      /Cannot read the secrets key file/,
    );
  });
});
