import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultSettings } from '@shared/api/settings';
import { SettingsStore } from '../../../src-main/core/settings/settings-store';
import { tempDir } from '../../helpers/temp-dir';

let dir: Awaited<ReturnType<typeof tempDir>>;
beforeEach(async () => (dir = await tempDir('settings-')));
afterEach(() => dir.cleanup());

describe('SettingsStore', () => {
  it('starts from defaults and keeps what was saved across a restart', async () => {
    const store = new SettingsStore(dir.path);
    expect(await store.load()).toEqual(defaultSettings);
    await store.update({ agentIdentity: 'maria', twilio: { callerId: '+14155550100' } });
    const again = new SettingsStore(dir.path);
    expect(await again.load()).toMatchObject({
      agentIdentity: 'maria',
      twilio: { callerId: '+14155550100' },
    });
  });

  it.each([
    ['not JSON', '{"agentIdentity": "ma'],
    ['a bad value', JSON.stringify({ ...defaultSettings, agentIdentity: 'not allowed!' })],
  ])('keeps a file that is %s aside, uses defaults and says so', async (_label, text) => {
    await writeFile(join(dir.path, 'settings.json'), text);
    const store = new SettingsStore(dir.path);
    expect(await store.load()).toEqual(defaultSettings);
    expect(store.notice?.kind).toBe('corrupt');
    expect(await readFile(store.notice!.keptAs, 'utf8')).toBe(text);
    expect(await readdir(dir.path)).not.toContain('settings.json');
  });
});
