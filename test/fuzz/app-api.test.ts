import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { commands, COMMAND_NAMES } from '@shared/api/contract';
import { Envelope } from '@shared/api/errors';
import { defaultSettings } from '@shared/api/settings';
import { ApiHost, type Handlers } from '../../src-main/core/api/host';

function spyHandlers() {
  const calls: Array<{ name: string; args: unknown }> = [];
  const record =
    (name: string, value: unknown) =>
    (args: unknown): never => {
      calls.push({ name, args });
      return value as never;
    };
  const handlers = Object.fromEntries(
    COMMAND_NAMES.map((name) => [name, vi.fn(record(name, name === 'app.status' ? {} : defaultSettings))]),
  ) as unknown as Handlers;
  return { handlers, calls };
}

// Names: the real ones, near misses and junk. Arguments: anything, and mutations of valid ones.
const names = fc.oneof(
  fc.constantFrom(...COMMAND_NAMES),
  fc.constantFrom('__proto__', 'constructor', 'toString', 'settings.get ', 'SETTINGS.GET', ''),
  fc.anything(),
);
const validPatch = fc.record(
  {
    agentIdentity: fc.stringMatching(/^[A-Za-z0-9_.-]{1,64}$/),
    twilio: fc.record({ callerId: fc.constantFrom('+14155550100', '+442071838750') }, { requiredKeys: [] }),
  },
  { requiredKeys: [] },
);
const args = fc.oneof(
  fc.anything(),
  validPatch,
  fc.tuple(validPatch, fc.string(), fc.anything()).map(([patch, key, value]) => ({ ...patch, [key]: value })),
);

describe('AppApi messages under fuzzing', () => {
  it('never throws, always answers with an envelope, and lets through only what the schema accepts', async () => {
    await fc.assert(
      fc.asyncProperty(names, args, async (name, rawArgs) => {
        const { handlers, calls } = spyHandlers();
        const host = new ApiHost(handlers);
        const envelope = await host.dispatch(name, rawArgs);
        expect(Envelope.safeParse(envelope).success).toBe(true);
        for (const call of calls) {
          const spec = commands[call.name as keyof typeof commands];
          expect(spec.args.safeParse(call.args).success).toBe(true);
        }
        if (!envelope.ok) expect(calls).toHaveLength(0);
      }),
      { numRuns: 400 },
    );
  });
});
