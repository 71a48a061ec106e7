import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSettings, Settings } from '@shared/api/settings';
import { scanText } from '../../src-main/core/diagnostics/card-scan';
import { SettingsStore } from '../../src-main/core/settings/settings-store';
import { tempDir } from '../helpers/temp-dir';

let dir: Awaited<ReturnType<typeof tempDir>>;
beforeAll(async () => (dir = await tempDir('fuzz-settings-')));
afterAll(() => dir.cleanup());

const valid = JSON.stringify({
  ...defaultSettings,
  agentIdentity: 'maria',
  twilio: { callerId: '+14155550100' },
});
// Whole random files, random JSON, and a valid file with bytes cut, flipped or inserted.
const contents = fc
  .oneof(
    fc.string(),
    fc.json(),
    fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
    fc
      .tuple(fc.nat({ max: valid.length }), fc.nat({ max: 20 }), fc.string({ maxLength: 5 }))
      .map(([at, cut, insert]) => valid.slice(0, at) + insert + valid.slice(at + cut)),
    // A random number can be Luhn-valid; such a file would trip the tripwire on the test's own input.
  )
  .filter((text) => scanText(text).length === 0);

describe('the settings file under fuzzing', () => {
  it('never fails to start: valid files load, anything else is kept aside and defaults are used', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(contents, async (text) => {
        const folder = join(dir.path, String(run++));
        const store = new SettingsStore(folder);
        await store.load(); // creates the folder
        await writeFile(join(folder, 'settings.json'), text);
        const loaded = await new SettingsStore(folder).load().then(
          (value) => ({ value, error: undefined }),
          (error: unknown) => ({ value: undefined, error }),
        );
        expect(loaded.error).toBeUndefined();
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = undefined;
        }
        const ok = Settings.safeParse(parsed);
        if (ok.success) {
          expect(loaded.value).toEqual(ok.data);
        } else {
          expect(loaded.value).toEqual(defaultSettings);
          const kept = (await readdir(folder)).filter((f) => f.startsWith('settings.corrupt-'));
          expect(kept).toHaveLength(1);
          expect(await readFile(join(folder, kept[0]!), 'utf8')).toBe(text);
        }
      }),
      { numRuns: 150 },
    );
  });
});
