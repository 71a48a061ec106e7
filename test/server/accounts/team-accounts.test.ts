import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TeamAccounts } from '../../../src-main/server/accounts/team-accounts';
import { migrate, type Database } from '../../../src-main/server/db';
import { BACKENDS, freshDatabase, type TestDatabase } from '../helpers/databases';

const SLOW = { timeout: 120_000 };
const HOUR = 60 * 60 * 1000;

describe.each(BACKENDS)('team accounts on %s', (backend) => {
  let test: TestDatabase;
  let db: Database;
  let now = new Date('2026-01-01T09:00:00Z');
  let accounts: TeamAccounts;

  beforeAll(async () => {
    test = await freshDatabase(backend);
    db = await test.open();
    await migrate(db);
    accounts = new TeamAccounts(db, { now: () => now, inviteTtlMs: 24 * HOUR });
  }, 120_000);
  afterAll(() => test?.drop());

  it('signs the invited person in once and keeps only hashes of the code and token', SLOW, async () => {
    const invite = await accounts.invite({ name: 'Ana Ruiz', role: 'agent' });
    const signedIn = await accounts.redeem(invite.code, 'Chromium on Linux');
    expect(signedIn.user).toMatchObject({
      name: 'Ana Ruiz',
      role: 'agent',
      identity: expect.stringMatching(/^ana-ruiz-/),
    });
    expect(await accounts.authenticate(signedIn.token)).toMatchObject({ deviceId: signedIn.deviceId });
    await expect(accounts.redeem(invite.code, 'another')).rejects.toMatchObject({ code: 'invite_used' });
    const dump =
      JSON.stringify(await db.query('select * from invites')) +
      JSON.stringify(await db.query('select * from devices'));
    expect(dump).not.toContain(invite.code);
    expect(dump).not.toContain(signedIn.token);
  });

  it('lets only one of two simultaneous sign-ins with the same invite through', SLOW, async () => {
    const invite = await accounts.invite({ name: 'Bo Chen', role: 'supervisor' });
    const other = new TeamAccounts(await test.open(), { now: () => now });
    const results = await Promise.allSettled([
      accounts.redeem(invite.code, 'a'),
      other.redeem(invite.code, 'b'),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'invite_used' } });
  });

  it('refuses an invite after it expires, and one that never existed', SLOW, async () => {
    const invite = await accounts.invite({ name: 'Cy Diaz', role: 'agent' });
    now = new Date(now.getTime() + 24 * HOUR);
    await expect(accounts.redeem(invite.code, 'late')).rejects.toMatchObject({
      code: 'invite_expired',
      message: expect.stringMatching(/expired/),
    });
    await expect(accounts.redeem('not-a-code', 'x')).rejects.toMatchObject({ code: 'invite_unknown' });
  });

  it('refuses a bad name or role with a sentence', async () => {
    await expect(accounts.invite({ name: ' ', role: 'agent' })).rejects.toMatchObject({ field: 'name' });
    await expect(accounts.invite({ name: 'Di', role: 'owner' })).rejects.toMatchObject({
      field: 'role',
      message: 'The role must be agent, supervisor or admin.',
    });
  });

  it('cuts a revoked device off and lists it as revoked', SLOW, async () => {
    const invite = await accounts.invite({ name: 'Eve Fox', role: 'admin' });
    const { token, deviceId } = await accounts.redeem(invite.code, 'laptop');
    expect(await accounts.hasAdmin()).toBe(true);
    expect(await accounts.revoke(deviceId)).toBe(true);
    expect(await accounts.authenticate(token)).toBeUndefined();
    expect(await accounts.revoke(deviceId)).toBe(false);
    const listed = (await accounts.devices()).find((d) => d.id === deviceId);
    expect(listed).toMatchObject({
      userName: 'Eve Fox',
      role: 'admin',
      label: 'laptop',
      revokedAt: now.toISOString(),
    });
  });
});
