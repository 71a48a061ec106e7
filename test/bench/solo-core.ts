// The solo desktop's core as the bench runs it: in-process, its own data folder, payments open on sandbox calls.
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { PaymentSession } from '@shared/payments';
import { createCore, type Core, type CoreOptions } from '../../src-main/core/compose';
import { createLog } from '../../src-main/core/log';

/** Starts cores in numbered data folders under `root`, each logging to its own file. */
export function coreStarter(root: string) {
  let count = 0;
  return async (options: Partial<CoreOptions> = {}): Promise<Core> => {
    const dataDir = join(root, `core-${count++}`);
    await mkdir(dataDir, { recursive: true });
    return createCore({
      dataDir,
      version: 'bench',
      log: createLog({ level: 'info', destination: createWriteStream(join(dataDir, 'callpay.log')) }),
      ...options,
    });
  };
}

/** `count` payments started on calls in the core's own sandbox. */
export async function openSessions(core: Core, count: number): Promise<PaymentSession[]> {
  const sandbox = core.sandbox()!;
  const sessions: PaymentSession[] = [];
  for (let i = 0; i < count; i++) {
    const call = sandbox.control.createCall({ from: '+14155550123', to: '+14155550100' });
    const envelope = await core.api.dispatch('payments.start', { callSid: call.sid, amount: '5.00' });
    if (!envelope.ok) throw new Error(envelope.error.message);
    sessions.push(envelope.value as PaymentSession);
  }
  return sessions;
}
