import { describe, expect, it, vi } from 'vitest';
import { defaultSettings } from '@shared/api/settings';
import { AppError } from '@shared/api/errors';
import { ApiHost, type Handlers } from '../../../src-main/core/api/host';
import { handlersWith } from '../../helpers/handlers';

function handlers(overrides: Partial<Handlers> = {}): Handlers {
  return handlersWith({
    'settings.get': vi.fn(() => defaultSettings),
    'settings.set': vi.fn(() => defaultSettings),
    ...overrides,
  });
}

describe('ApiHost.dispatch', () => {
  it('runs the handler with validated arguments and wraps its result', async () => {
    const h = handlers();
    const host = new ApiHost(h);
    await expect(host.dispatch('settings.set', { agentIdentity: 'maria' })).resolves.toEqual({
      ok: true,
      value: defaultSettings,
    });
    expect(h['settings.set']).toHaveBeenCalledWith({ agentIdentity: 'maria' });
  });

  it('refuses an unknown command without calling anything', async () => {
    const host = new ApiHost(handlers());
    const result = await host.dispatch('payments.steal', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'unknown_command' } });
  });

  it('refuses a malformed argument with a sentence naming the field, before the handler runs', async () => {
    const h = handlers();
    const host = new ApiHost(h);
    const result = await host.dispatch('settings.set', { twilio: { accountSid: 'AC123' } });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'invalid_argument', field: 'twilio.accountSid' },
    });
    expect(result.ok ? '' : result.error.message).toContain('must start with AC');
    expect(h['settings.set']).not.toHaveBeenCalled();
  });

  it('refuses keys the contract does not know', async () => {
    const h = handlers();
    const result = await new ApiHost(h).dispatch('settings.set', { authToken: 'x' });
    expect(result.ok).toBe(false);
    expect(h['settings.set']).not.toHaveBeenCalled();
  });

  it('passes an AppError through and hides any other error', async () => {
    const host = new ApiHost(
      handlers({
        'settings.get': () => {
          throw new AppError('not_ready', 'Settings are still loading.');
        },
        'settings.set': () => {
          throw new Error('ENOENT /secret/path');
        },
      }),
    );
    await expect(host.dispatch('settings.get', {})).resolves.toEqual({
      ok: false,
      error: { code: 'not_ready', message: 'Settings are still loading.' },
    });
    const hidden = await host.dispatch('settings.set', {});
    expect(hidden).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(hidden)).not.toContain('/secret/path');
  });

  it('checks event payloads against their schema before sending', () => {
    const host = new ApiHost(handlers());
    const seen: unknown[] = [];
    host.subscribe((name, payload) => seen.push([name, payload]));
    host.emit('settings.changed', defaultSettings);
    expect(seen).toEqual([['settings.changed', defaultSettings]]);
    expect(() => host.emit('settings.changed', { agentIdentity: 'bad name!' } as never)).toThrow();
    expect(seen).toHaveLength(1);
  });
});
