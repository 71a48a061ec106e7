import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCoreHarness, type CoreHarness } from '../../helpers/core-harness';

let h: CoreHarness;
beforeAll(async () => (h = await startCoreHarness()));
afterAll(() => h.close());

describe('the phone state the renderer reports', () => {
  it('reaches main as a phone.state event, and nothing but the known states gets through', async () => {
    const seen: unknown[] = [];
    const off = h.core.api.subscribe((name, payload) => name === 'phone.state' && seen.push(payload));
    await h.invoke('phone.report', { state: 'in-call' });
    await expect(h.send('phone.report', { state: 'on-fire' })).rejects.toMatchObject({
      code: 'invalid_argument',
    });
    off();
    expect(seen).toEqual([{ state: 'in-call' }]);
  });
});
