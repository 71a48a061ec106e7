import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PaymentSession } from '@shared/payments';
import { WEBHOOK_PATHS } from '../../src-main/core/webhooks';
import { startSandbox, testCards, type Sandbox } from '../../src-main/sandbox';
import { freePort } from '../helpers/core-process';
import { startRoundRobinProxy, type RoundRobinProxy } from '../helpers/round-robin-proxy';
import { serverProcess, type ServerProcess } from '../helpers/server-process';
import { tempDir } from '../helpers/temp-dir';
import { waitFor } from '../helpers/wait-for';
import { freshDatabase, type TestDatabase } from './helpers/databases';
import { startTestDesktop } from './helpers/desktop';

// Two instances as separate processes on one PostgreSQL, behind a balancer that Twilio's callbacks
// and the desktop's link both come through; the sandbox plays Twilio. One instance is killed -9.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 180_000 });

let database: TestDatabase;
let sandbox: Sandbox;
let balancer: RoundRobinProxy;
let dir: Awaited<ReturnType<typeof tempDir>>;
let a: ServerProcess;
let b: ServerProcess;
let desktop: Awaited<ReturnType<typeof startTestDesktop>>;

beforeAll(async () => {
  database = await freshDatabase('postgres');
  sandbox = await startSandbox({ timeScale: 0.02 });
  balancer = await startRoundRobinProxy();
  dir = await tempDir('crash-team-');
  const auditKeyFile = join(dir.path, 'audit.key');
  await writeFile(auditKeyFile, randomBytes(32), { mode: 0o600 });
  const rendererDir = join(dir.path, 'renderer');
  await mkdir(rendererDir);
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Callpay console</title>');
  const ports = [await freePort(), await freePort()];
  // Until the kill every callback lands on A, where the agent's commands run too: a command on one
  // instance racing a callback on the other is two-instances.test.ts's subject (and a known race).
  balancer.targets = [`http://127.0.0.1:${ports[0]}`];
  const instance = (name: string, webhookPort: number) =>
    serverProcess({
      dataDir: join(dir.path, name),
      rendererDir,
      databaseUrl: database.url!,
      auditKeyFile,
      credentials: sandbox.credentials,
      restBaseUrl: sandbox.url,
      publicUrl: balancer.url,
      webhookPort,
    });
  a = instance('a', ports[0]!);
  b = instance('b', ports[1]!);
  // One at a time: the first runs the migrations.
  await a.start();
  await b.start();
  // The desktop's link reaches A, and stays there while A lives.
  balancer.linkPorts = [a.port];
  desktop = await startTestDesktop();
  await desktop.invoke('team.connect', { serverUrl: balancer.url, inviteCode: await b.invite('Ana Ruiz') });
  await desktop.linkState('connected');
});

afterAll(async () => {
  await desktop?.close();
  await a?.kill();
  await b?.stop();
  await balancer?.close();
  await sandbox?.close();
  await dir?.cleanup();
  await database?.drop();
});

const status = (s: PaymentSession | undefined, field: string) =>
  s?.fields.find((f) => f.field === field)?.status;

describe('an instance killed mid-capture', () => {
  it('loses nothing: the other instance applies the next callback, the payment finishes, the agent catches up', async () => {
    const callSid = sandbox.control.createCall({ from: '+14155550123', to: '+14155550100' }).sid;
    const { id } = (await desktop.invoke('payments.start', {
      callSid,
      amount: '12.50',
      postalCode: false,
    })) as PaymentSession;
    const seen = (field: string) =>
      desktop.until((s) => s.id === id && status(s, field) === 'captured', `${field} on the desktop`);
    const visa = testCards.find((c) => c.brand === 'visa' && c.number.endsWith('1111'))!;
    await desktop.invoke('payments.request', { sessionId: id, field: 'payment-card-number' });
    await sandbox.control.pressDigits(callSid, `${visa.number}#`);
    await seen('payment-card-number');

    // Mid-capture: the expiry is asked for, and the instance holding the desktop's link dies before
    // the customer keys it. The balancer's health check takes A out; Twilio's callbacks go to B.
    await desktop.invoke('payments.request', { sessionId: id, field: 'expiration-date' });
    const links = desktop.links.length;
    await a.kill();
    balancer.targets = [`http://127.0.0.1:${b.webhooksUrl.split(':').pop()}`];
    balancer.linkPorts = [b.port];
    const landed = balancer.forwarded.length;
    await sandbox.control.pressDigits(callSid, '1230#');

    // The desktop redials through the balancer, reaches B, resumes from its last number.
    await waitFor(
      () => desktop.links.slice(links).some((l) => l.state === 'reconnecting'),
      15_000,
      'the drop',
    );
    await waitFor(() => desktop.links.at(-1)!.state === 'connected', 30_000, 'the link to B');
    expect(desktop.links.at(-1)!.resync).toBeUndefined();
    await seen('expiration-date');
    await desktop.invoke('payments.request', { sessionId: id, field: 'security-code' });
    await sandbox.control.pressDigits(callSid, '123#');
    await seen('security-code');
    await desktop.invoke('payments.complete', { sessionId: id });
    const done = await desktop.until(
      (s) => s.id === id && s.phase === 'succeeded',
      'the result on the desktop',
    );
    expect(done.card).toMatchObject({ last4: '1111' });

    // Every callback after the kill was answered by B; one charge.
    const after = balancer.forwarded
      .slice(landed)
      .filter((f) => f.path.startsWith(WEBHOOK_PATHS.paymentStatus));
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((f) => f.status < 300 && f.target.endsWith(b.webhooksUrl.split(':').pop()!))).toBe(
      true,
    );
    expect(sandbox.ledger().filter((e) => e.callSid === callSid)).toHaveLength(1);
    // Every number the desktop was sent, across both instances, arrived once, in order.
    const seqs = desktop.frames
      .map((t) => JSON.parse(t) as { type: string; seq?: number })
      .filter((f) => f.type === 'event' && f.seq !== undefined)
      .map((f) => f.seq!);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    expect(new Set(seqs).size).toBe(seqs.length);
  });
});
