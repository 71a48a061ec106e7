import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCore, type Core } from '../../../src-main/core/compose';
import { silentLog } from '../../../src-main/core/log';
import { browserSecretStore } from '../../../src-main/core/settings/secret-store';
import { tempDir } from '../../helpers/temp-dir';

vi.setConfig({ testTimeout: 30_000 });

let dir: Awaited<ReturnType<typeof tempDir>>;
let core: Core;
let dataDir: string;
beforeEach(async () => {
  dir = await tempDir('settings-race-');
  dataDir = join(dir.path, 'data');
  core = await createCore({
    dataDir,
    version: '0.0.0-test',
    log: silentLog,
    secrets: browserSecretStore(dataDir),
  });
});
afterEach(async () => {
  await core.stop();
  await dir.cleanup();
});

const token = (i: number) => `${'a'.repeat(30)}${String(i).padStart(2, '0')}`;

describe('fifty changes at once through the AppApi', () => {
  it('answers every settings.set, and the file and memory agree on the last', async () => {
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        core.api.dispatch(
          'settings.set',
          i % 2 ? { agentIdentity: `agent-${i}` } : { twilio: { callerId: `+1415555${String(1000 + i)}` } },
        ),
      ),
    );
    expect(answers.filter((a) => !a.ok)).toEqual([]);
    const memory = await core.api.dispatch('settings.get', {});
    const file = JSON.parse(await readFile(join(dataDir, 'settings.json'), 'utf8'));
    // In call order: the last agent name (49) and the last caller ID (48) both landed.
    expect(memory).toMatchObject({
      ok: true,
      value: { agentIdentity: 'agent-49', twilio: { callerId: '+14155551048' } },
    });
    expect(memory.ok && memory.value).toEqual(file);
  });

  it('saves both secrets when fifty saves of each arrive at once', async () => {
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        core.api.dispatch(
          'settings.setSecrets',
          i % 2 ? { authToken: token(i) } : { apiKeySecret: token(i) },
        ),
      ),
    );
    expect(answers.filter((a) => !a.ok)).toEqual([]);
    const store = browserSecretStore(dataDir);
    expect(await store.get('authToken')).toBe(token(49));
    expect(await store.get('apiKeySecret')).toBe(token(48));
  });
});
