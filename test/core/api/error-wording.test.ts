import { writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiHost } from '../../../src-main/core/api/host';
import { createCore } from '../../../src-main/core/compose';
import { silentLog } from '../../../src-main/core/log';
import { handlersWith } from '../../helpers/handlers';
import { tempDir } from '../../helpers/temp-dir';

vi.setConfig({ testTimeout: 30_000 });

const CALL = `CA${'a'.repeat(32)}`;

describe('what a wrong argument is told', () => {
  const host = new ApiHost(handlersWith({}));
  const message = async (args: unknown) => {
    const answer = await host.dispatch('payments.start', args);
    return answer.ok ? undefined : answer.error;
  };

  it.each([
    [
      'a number where the amount text belongs',
      { callSid: CALL, amount: 12.5 },
      'amount',
      'The amount must be text, not a number.',
    ],
    [
      'text where true or false belongs',
      { callSid: CALL, securityCode: 'yes' },
      'securityCode',
      'The security code must be true or false, not text.',
    ],
    [
      'a single card type where a list belongs',
      { callSid: CALL, validCardTypes: 'visa' },
      'validCardTypes',
      'The valid card types must be a list, not text.',
    ],
    [
      'null where the amount belongs',
      { callSid: CALL, amount: null },
      'amount',
      'The amount must be text, not empty (null).',
    ],
    ['a missing call', { amount: '1.00' }, 'callSid', 'The call SID is missing.'],
  ])('says what is wrong with %s', async (_label, args, field, sentence) => {
    expect(await message(args)).toEqual({ code: 'invalid_argument', field, message: sentence });
  });
});

describe('a settings file that could not be used', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  beforeEach(async () => (dir = await tempDir('settings-notice-')));
  afterEach(() => dir.cleanup());

  it('is named in the app status the console shows, with where it was kept and that this is sandbox mode', async () => {
    const dataDir = join(dir.path, 'data');
    await mkdir(dataDir);
    await writeFile(join(dataDir, 'settings.json'), '{"agentIdentity": "ma');
    const core = await createCore({ dataDir, version: '0.0.0-test', log: silentLog });
    try {
      const answer = await core.api.dispatch('app.status', {});
      expect(answer).toMatchObject({ ok: true, value: { mode: 'sandbox' } });
      const notices = answer.ok
        ? (answer.value as { notices?: { code: string; message: string }[] }).notices
        : [];
      expect(notices).toEqual([
        {
          code: 'settings_kept_aside',
          message: expect.stringContaining(
            `so it kept it as ${core.settingsNotice!.keptAs} and started with default settings, in sandbox mode`,
          ),
        },
      ]);
      expect(notices?.[0]?.message).toMatch(
        /^Callpay could not use its settings file \(The settings file is not valid JSON\)/,
      );
    } finally {
      await core.stop();
    }
  });
});
