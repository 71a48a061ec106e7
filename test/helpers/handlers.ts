import { vi } from 'vitest';
import { COMMAND_NAMES } from '@shared/api/names';
import type { Handlers } from '../../src-main/core/api/host';

/** A full set of AppApi handlers that fail if called, with the given ones in place. */
export function handlersWith(overrides: Partial<Handlers>): Handlers {
  const unused = Object.fromEntries(
    COMMAND_NAMES.map((name) => [
      name,
      vi.fn(() => {
        throw new Error(`${name} is not part of this test`);
      }),
    ]),
  );
  return { ...unused, ...overrides } as Handlers;
}
