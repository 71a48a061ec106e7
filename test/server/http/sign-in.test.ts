import type { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callAdminSocket } from '../../../src-main/server/admin/admin-socket';
import { REVOKED_CLOSE_CODE } from '../../../src-main/server/http/device-sockets';
import { wsInvoker } from '../../helpers/ws-client';
import { freshDatabase, type TestDatabase } from '../helpers/databases';
import { cookieFrom, openApi, signIn, startTestServer } from '../helpers/team';

const HOUR = 60 * 60 * 1000;
let database: TestDatabase;
let now = new Date('2026-01-01T09:00:00Z');
let a: Awaited<ReturnType<typeof startTestServer>>;
let b: Awaited<ReturnType<typeof startTestServer>>;
let adminCookie: string;

beforeAll(async () => {
  database = await freshDatabase('postgres');
  const shared = { databaseUrl: database.url, accounts: { now: () => now, inviteTtlMs: HOUR } };
  // Two instances on one database: one team.
  [a, b] = await Promise.all([startTestServer(shared), startTestServer({ ...shared, signInPerMinute: 3 })]);
  const link = a.firstAdminLink ?? b.firstAdminLink;
  adminCookie = cookieFrom(await signIn(a, link!));
}, 120_000);

afterAll(async () => {
  await a?.close();
  await b?.close();
  await database?.drop();
});

const admin = (server: { url: string }, path: string, body?: unknown, cookie = adminCookie) =>
  fetch(`${server.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      cookie,
      origin: server.url,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

const closed = (socket: WebSocket) =>
  new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));

describe('Callpay Server sign-in and devices', () => {
  it('prints a one-time first-admin link on the first start only', () => {
    expect([a.firstAdminLink, b.firstAdminLink].filter(Boolean).length).toBeGreaterThanOrEqual(1);
    expect(a.firstAdminLink ?? b.firstAdminLink).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/join\/[\w-]{43}$/);
  });

  it('signs an invited agent in with an HttpOnly, SameSite=Strict device cookie; the console is closed to others', async () => {
    const invite = (await (await admin(a, '/admin/invites', { name: 'Ana Ruiz', role: 'agent' })).json()) as {
      link: string;
    };
    // Opening the link (a preview, a mail scanner) does not spend it.
    const page = await fetch(invite.link);
    expect(await page.text()).toContain('<button type="submit">Sign in</button>');
    const response = await signIn(a, invite.link);
    expect(response.status).toBe(303);
    expect(response.headers.get('set-cookie')).toMatch(
      /^callpay_device=[\w-]{43}; HttpOnly; SameSite=Strict; Path=\//,
    );
    expect((await fetch(`${a.url}/`, { headers: { cookie: cookieFrom(response) } })).status).toBe(200);
    const stranger = await fetch(`${a.url}/`);
    expect(stranger.status).toBe(401);
    expect(await stranger.text()).toContain('Open the invite link your admin sent you');
  });

  it('refuses a reused invite on another instance, and an expired one, with a sentence', async () => {
    const first = (await (
      await admin(a, '/admin/invites', { name: 'Bo Chen', role: 'supervisor' })
    ).json()) as {
      link: string;
    };
    const second = (await (await admin(a, '/admin/invites', { name: 'Cy Diaz', role: 'agent' })).json()) as {
      link: string;
    };
    expect((await signIn(a, first.link)).status).toBe(303);
    const reused = await signIn(b, first.link.replace(a.url, b.url), b.url);
    expect(reused.status).toBe(410);
    expect(await reused.text()).toContain('This invite link has already been used.');
    now = new Date(now.getTime() + HOUR);
    const expired = await signIn(a, second.link);
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain('This invite link has expired.');
  });

  it('refuses a sign-in posted from another site', async () => {
    const invite = (await (await admin(a, '/admin/invites', { name: 'Di Eng', role: 'agent' })).json()) as {
      link: string;
    };
    expect((await signIn(a, invite.link, 'http://evil.example')).status).toBe(403);
    expect((await signIn(a, invite.link)).status).toBe(303);
  });

  it('carries the AppApi only to a signed-in device', async () => {
    expect(await openApi(a)).toEqual({ status: 401 });
    const { socket } = await openApi(a, adminCookie);
    expect(await wsInvoker(socket!).invoke('app.status', {})).toMatchObject({
      ok: true,
      value: { mode: 'sandbox' },
    });
    socket!.close();
  });

  it('lets only an admin list and revoke devices', async () => {
    const invite = (await (await admin(a, '/admin/invites', { name: 'Ed Fu', role: 'agent' })).json()) as {
      link: string;
    };
    const agentCookie = cookieFrom(await signIn(a, invite.link));
    expect((await admin(a, '/admin/devices', undefined, agentCookie)).status).toBe(403);
    expect((await admin(a, '/admin/invites', { name: 'X', role: 'admin' }, agentCookie)).status).toBe(403);
    const bad = await admin(a, '/admin/invites', { name: 'Y', role: 'owner' });
    expect(await bad.json()).toMatchObject({ error: { code: 'invalid_argument', field: 'role' } });
  });

  it('cuts a revoked device off at once: its open sockets on both instances close and it is refused after', async () => {
    const invite = (await (await admin(a, '/admin/invites', { name: 'Flo Gray', role: 'agent' })).json()) as {
      link: string;
    };
    const cookie = cookieFrom(await signIn(a, invite.link));
    const onA = (await openApi(a, cookie)).socket!;
    const onB = (await openApi(b, cookie)).socket!;
    const { devices } = (await (await admin(a, '/admin/devices')).json()) as {
      devices: Array<{ id: string; userName: string }>;
    };
    const device = devices.find((d) => d.userName === 'Flo Gray')!;
    const [codeA, codeB] = [closed(onA), closed(onB)];
    const revoked = await admin(a, `/admin/devices/${device.id}/revoke`, {});
    expect(await revoked.json()).toEqual({ revoked: device.id });
    expect(await codeA).toBe(REVOKED_CLOSE_CODE);
    // Instance B hears it through LISTEN/NOTIFY.
    expect(await codeB).toBe(REVOKED_CLOSE_CODE);
    expect(await openApi(a, cookie)).toEqual({ status: 401 });
    expect(await openApi(b, cookie)).toEqual({ status: 401 });
    expect((await fetch(`${a.url}/`, { headers: { cookie } })).status).toBe(401);
    const again = await admin(a, `/admin/devices/${device.id}/revoke`, {});
    expect(again.status).toBe(404);
  });

  it('rate-limits sign-in attempts per address with a sentence saying when to retry', async () => {
    // Instance B allows 3 a minute; the reused-invite test above spent one of them.
    const statuses: number[] = [];
    for (let i = 0; i < 2; i++) statuses.push((await signIn(b, `${b.url}/join/guess-${i}`, b.url)).status);
    expect(statuses).toEqual([404, 404]);
    const limited = await signIn(b, `${b.url}/join/guess-3`, b.url);
    expect(limited.status).toBe(429);
    expect(await limited.json()).toMatchObject({
      error: {
        code: 'sign_in_rate_limited',
        message: expect.stringMatching(/^Too many sign-in attempts .* Try again in \d+ seconds\.$/),
      },
    });
  });
});

describe('admin commands from the command line', () => {
  it('makes an invite link through the running instance’s admin socket, and lists the device it signed in', async () => {
    const dataDir = a.dataDir;
    const invite = (await callAdminSocket(dataDir, 'POST', '/invites', {
      name: 'Gil Hart',
      role: 'agent',
    })) as {
      link: string;
    };
    expect(invite.link).toMatch(new RegExp(`^${a.url}/join/`));
    expect((await signIn(a, invite.link)).status).toBe(303);
    const { devices } = (await callAdminSocket(dataDir, 'GET', '/devices')) as {
      devices: Array<{ userName: string }>;
    };
    expect(devices.map((d) => d.userName)).toContain('Gil Hart');
    await expect(callAdminSocket(`${dataDir}-missing`, 'GET', '/devices')).rejects.toMatchObject({
      code: 'server_not_running',
    });
  });
});
