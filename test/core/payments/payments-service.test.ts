import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PaymentSession } from '@shared/payments';
import { AppError } from '@shared/api/errors';
import { PaymentsService } from '../../../src-main/core/payments';
import { AuditLog } from '../../../src-main/core/audit';
import { silentLog } from '../../../src-main/core/log';
import type { PaymentsApi } from '../../../src-main/core/twilio';
import { tempDir } from '../../helpers/temp-dir';

const CA = `CA${'3'.repeat(32)}`;
const PK = `PK${'4'.repeat(32)}`;

let dir: Awaited<ReturnType<typeof tempDir>>;
let calls: { op: string; url: string }[];
let callbackUrl: string | undefined;
let updateFailure: unknown;
let beforeCreateReturns: (() => void) | undefined;
let service: PaymentsService;
let audit: AuditLog;

const api: PaymentsApi = {
  async create(_callSid, _args, url) {
    calls.push({ op: 'create', url });
    beforeCreateReturns?.();
    return { sid: PK };
  },
  async update(_callSid, _sid, change, url) {
    calls.push({ op: JSON.stringify(change), url });
    if (updateFailure) throw updateFailure;
  },
};

beforeEach(async () => {
  dir = await tempDir('svc-');
  calls = [];
  callbackUrl = 'https://one.example/twilio/payments/status';
  updateFailure = undefined;
  beforeCreateReturns = undefined;
  audit = new AuditLog(join(dir.path, 'audit.jsonl'));
  service = new PaymentsService({
    api: () => api,
    statusCallbackUrl: () => callbackUrl,
    agent: () => 'maria',
    audit,
    log: silentLog,
    onSession: () => undefined,
    resultTimeoutMs: 30,
  });
});
afterEach(async () => {
  await audit.close();
  await dir.cleanup();
});

const start = () => service.start({ callSid: CA, amount: '9.99' });

describe('PaymentsService', () => {
  it('passes the current callback URL on every write', async () => {
    const s = await start();
    callbackUrl = 'https://two.example/twilio/payments/status';
    await service.request(s.id, 'payment-card-number');
    expect(calls.map((c) => c.url)).toEqual([
      'https://one.example/twilio/payments/status',
      'https://two.example/twilio/payments/status',
    ]);
  });

  it('refuses to start or request while the tunnel is down, sending nothing', async () => {
    callbackUrl = undefined;
    await expect(start()).rejects.toMatchObject({ code: 'tunnel_down' });
    expect(calls).toEqual([]);
    expect(service.list()).toEqual([]);
  });

  it('applies a callback that arrived before the create response, matched by payment Sid', async () => {
    beforeCreateReturns = () =>
      service.handleCallback({
        Sid: PK,
        CallSid: CA,
        Capture: 'payment-card-number',
        Required: 'payment-card-number',
      });
    const s = await start();
    expect(s.phase).toBe('open');
    expect(s.fields.find((f) => f.field === 'payment-card-number')?.status).toBe('requested');
  });

  it('ignores callbacks for payments it does not know', async () => {
    const s = await start();
    service.handleCallback({ Sid: `PK${'9'.repeat(32)}`, Result: 'success' });
    expect(service.list({ sessionId: s.id })[0]!.phase).toBe('open');
  });

  it('a 21220 from Twilio means the call ended: the session ends and says so', async () => {
    const s = await start();
    updateFailure = Object.assign(new Error('Call is not in-progress'), { status: 400, code: 21220 });
    const after: PaymentSession = await service.request(s.id, 'payment-card-number');
    expect(after.phase).toBe('ended');
    expect(after.message).toContain('The call ended');
  });

  it('ends open sessions when their call ends, and only those', async () => {
    const s = await start();
    service.callEnded(`CA${'5'.repeat(32)}`);
    expect(service.list({ sessionId: s.id })[0]!.phase).toBe('open');
    service.callEnded(CA);
    expect(service.list({ sessionId: s.id })[0]!.phase).toBe('ended');
  });

  it('audits who started what, and never a card number', async () => {
    const s = await start();
    service.handleCallback({
      Sid: PK,
      Capture: 'payment-card-number',
      PaymentCardNumber: 'xxxxxxxxxxxx4242',
      PaymentCardType: 'visa',
      Required: 'expiration-date',
    });
    await audit.flush();
    expect(await audit.verify()).toMatchObject({ ok: true, entries: 2 });
    const [first, second] = (await readFile(audit.file, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(first).toMatchObject({
      agent: 'maria',
      action: 'payment.start',
      sessionId: s.id,
      details: { amount: '9.99' },
    });
    expect(second).toMatchObject({ action: 'payment.field', paymentSid: PK });
    expect(second.details).toEqual({
      field: 'payment-card-number',
      outcome: 'captured',
      brand: 'visa',
      last4: '4242',
    });
  });
});

describe('PaymentsService without Twilio', () => {
  it('says so before creating anything when there is no REST client', async () => {
    const offline = new PaymentsService({
      api: () => {
        throw new AppError(
          'no_twilio',
          'Callpay is not connected to Twilio: add the credentials in Settings.',
        );
      },
      statusCallbackUrl: () => callbackUrl,
      agent: () => 'maria',
      audit,
      log: silentLog,
      onSession: () => undefined,
    });
    await expect(offline.start({ callSid: CA, amount: '1.00' })).rejects.toMatchObject({ code: 'no_twilio' });
    expect(offline.list()).toEqual([]);
  });
});

describe('PaymentsService result watch', () => {
  it('alerts the agent when Twilio’s result does not arrive in time', async () => {
    const s = await start();
    for (const [field, value, param] of [
      ['payment-card-number', 'xxxxxxxxxxxx4242', 'PaymentCardNumber'],
      ['expiration-date', '1230', 'ExpirationDate'],
      ['security-code', 'xxx', 'SecurityCode'],
      ['postal-code', '94109', 'PaymentCardPostalCode'],
    ] as const) {
      service.handleCallback({ Sid: PK, Capture: field, [param]: value, Required: '' });
    }
    // The watch is a timer: a fake clock moves past its 30 ms instead of the test sleeping.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      await service.complete(s.id);
      expect(service.list({ sessionId: s.id })[0]!.alert).toBeUndefined();
      await vi.advanceTimersByTimeAsync(30);
      expect(service.list({ sessionId: s.id })[0]!.alert?.code).toBe('result_overdue');
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('PaymentsService memory', () => {
  it('keeps at most 200 sessions, dropping the oldest finished ones first', async () => {
    const first = await start();
    for (let i = 0; i < 205; i++) {
      service.callEnded(CA);
      await start();
    }
    const sessions = service.list();
    expect(sessions).toHaveLength(200);
    expect(sessions.some((s) => s.id === first.id)).toBe(false);
    expect(sessions.filter((s) => s.phase === 'open')).toHaveLength(1);
  });

  it('never drops an open payment, however many are open, and still drops finished ones past 200', async () => {
    const callOf = (i: number) => `CA${String(i).padStart(32, '0')}`;
    const finished = await start();
    service.callEnded(CA);
    const open: Array<{ id: string }> = [];
    for (let i = 0; i < 250; i++) open.push(await service.start({ callSid: callOf(i), amount: '1.00' }));
    const kept = service.list();
    expect(kept).toHaveLength(250);
    expect(kept.some((s) => s.id === finished.id)).toBe(false);
    // A change to an open one keeps every open one, and the change itself.
    await service.request(open[0]!.id, 'payment-card-number');
    expect(service.list().filter((s) => s.phase === 'open')).toHaveLength(250);
    expect(service.list({ sessionId: open[0]!.id })[0]?.activeField).toBe('payment-card-number');
    // Once one ends, it is the one dropped: the others are still open.
    service.callEnded(callOf(7));
    await service.start({ callSid: callOf(300), amount: '1.00' });
    const after = service.list();
    expect(after).toHaveLength(250);
    expect(after.some((s) => s.id === open[7]!.id)).toBe(false);
    expect(after.filter((s) => s.phase === 'open')).toHaveLength(250);
  });
});
