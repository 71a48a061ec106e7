import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import type { PaymentSession } from '@shared/payments';
import { WEBHOOK_PATHS } from '../../src-main/core/webhooks';
import { testCards, type Sandbox } from '../../src-main/sandbox';
import type { RoundRobinProxy } from '../helpers/round-robin-proxy';
import { waitFor } from '../helpers/wait-for';
import { wsInvoker } from '../helpers/ws-client';
import { cookieFrom, openApi, signIn } from './helpers/team';
import { startTwoInstances, type TwoInstances } from './helpers/two-instances';

let team: TwoInstances;
let sandbox: Sandbox;
let proxy: RoundRobinProxy;
let a: TwoInstances['a'];
let b: TwoInstances['b'];
const sockets: WebSocket[] = [];

beforeAll(async () => {
  team = await startTwoInstances({ sandbox: { timeScale: 0.02 } });
  ({ sandbox, proxy, a, b } = team);
}, 180_000);

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await team?.close();
});

/** Signs someone in (the invite made on A) and opens their console on `server`. */
async function signedIn(server: typeof a, name: string, role: 'agent' | 'supervisor') {
  const { link } = await a.admin.invite({ name, role });
  const cookie = cookieFrom(await signIn(a, link));
  const { socket } = await openApi(server, cookie);
  sockets.push(socket!);
  return wsInvoker(socket!);
}

/** The envelope's value; a refusal fails the test with its own sentence. */
function value<T>(envelope: Awaited<ReturnType<ReturnType<typeof wsInvoker>['invoke']>>): T {
  if (!envelope.ok) throw new Error(`${envelope.error.code}: ${envelope.error.message}`);
  return envelope.value as T;
}

const latest = (api: ReturnType<typeof wsInvoker>, id: string) =>
  api.events
    .filter((e) => e.name === 'payments.session' && (e.payload as PaymentSession).id === id)
    .map((e) => e.payload as PaymentSession)
    .at(-1);
const status = (s: PaymentSession | undefined, field: string) =>
  s?.fields.find((f) => f.field === field)?.status;

describe('two instances on one database, behind a round-robin balancer', () => {
  it('applies callbacks on whichever instance they land, and both instances’ consoles see every change', async () => {
    const ana = await signedIn(a, 'Ana Ruiz', 'agent');
    const cy = await signedIn(b, 'Cy Diaz', 'supervisor');
    const callSid = sandbox.control.createCall({ from: '+14155550123', to: '+14155550100' }).sid;
    const { id } = value<PaymentSession>(
      await ana.invoke('payments.start', { callSid, amount: '12.50', postalCode: false }),
    );
    const visa = testCards.find((c) => c.brand === 'visa' && c.number.endsWith('1111'))!;
    for (const [field, digits] of [
      ['payment-card-number', `${visa.number}#`],
      ['expiration-date', '1230#'],
      ['security-code', '123#'],
    ] as const) {
      value(await ana.invoke('payments.request', { sessionId: id, field }));
      await sandbox.control.pressDigits(callSid, digits);
      // The agent on A and the supervisor on B both see it captured, wherever its callback landed.
      await waitFor(() => status(latest(ana, id), field) === 'captured', 15_000, `${field} on A`);
      await waitFor(() => status(latest(cy, id), field) === 'captured', 15_000, `${field} on B`);
    }
    value(await ana.invoke('payments.complete', { sessionId: id }));
    await waitFor(() => latest(ana, id)?.phase === 'succeeded', 15_000, 'the result on A');
    await waitFor(() => latest(cy, id)?.phase === 'succeeded', 15_000, 'the result on B');
    expect(latest(cy, id)?.card).toMatchObject({ brand: expect.any(String), last4: '1111' });

    // The balancer sent payment callbacks to both instances, and each answered them.
    const callbacks = proxy.forwarded.filter((f) => f.path.startsWith(WEBHOOK_PATHS.paymentStatus));
    expect(new Set(callbacks.map((c) => c.target))).toEqual(
      new Set([a.core.webhooksUrl, b.core.webhooksUrl]),
    );
    expect(callbacks.every((c) => c.status < 300)).toBe(true);
    // One charge, one sealed chain written by both instances.
    expect(sandbox.ledger().filter((e) => e.callSid === callSid)).toHaveLength(1);
    expect(await b.core.audit.verify()).toMatchObject({ ok: true, sealChecked: true });
  });

  it('keeps one open payment per call across instances: the database refuses a second', async () => {
    const bo = await signedIn(b, 'Bo Chen', 'agent');
    const callSid = sandbox.control.createCall({ from: '+14155550124', to: '+14155550100' }).sid;
    value(await bo.invoke('payments.start', { callSid, amount: '5.00' }));
    const rows = await a.db.query<{ n: number }>(
      "select count(*)::int as n from payment_sessions where call_sid = $1 and phase not in ('succeeded', 'failed', 'cancelled', 'ended')",
      [callSid],
    );
    expect(rows[0]!.n).toBe(1);
    await expect(
      a.db.query(
        "insert into payment_sessions (id, call_sid, phase, data, updated_at) values ('x', $1, 'open', '{}', now())",
        [callSid],
      ),
    ).rejects.toMatchObject({ code: '23505' });
  });
});
