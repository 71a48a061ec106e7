import { randomBytes, randomUUID } from 'node:crypto';
import { AppError } from '@shared/api';
import type { Database } from '../db';
import { hashSecret, newSecret } from './secrets';
import { PersonName, Role } from './roles';

export interface TeamUser {
  id: string;
  name: string;
  role: Role;
  /** The Voice client identity. */
  identity: string;
}

export interface TeamDevice {
  id: string;
  userId: string;
  userName: string;
  role: Role;
  label: string;
  createdAt: string;
  lastSeenAt?: string;
  revokedAt?: string;
}

export interface AccountsOptions {
  now?: () => Date;
  /** How long an invite link works (default 7 days). */
  inviteTtlMs?: number;
}

const DAY = 24 * 60 * 60 * 1000;

/** A Voice identity from a name: letters and digits, plus a random tail so two Ana Ruizes never collide. */
function identityFor(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase()
    .slice(0, 40);
  return `${slug || 'user'}-${randomBytes(3).toString('hex')}`;
}

const iso = (value: unknown) => (value instanceof Date ? value.toISOString() : undefined);

/** The team's people, their invites and their devices, kept in the database. */
export class TeamAccounts {
  readonly #db: Database;
  readonly #now: () => Date;
  readonly #inviteTtlMs: number;

  constructor(db: Database, options: AccountsOptions = {}) {
    this.#db = db;
    this.#now = options.now ?? (() => new Date());
    this.#inviteTtlMs = options.inviteTtlMs ?? 7 * DAY;
  }

  /** Makes an invite for one person; the code is returned once and only its hash is kept. */
  async invite(input: { name: unknown; role: unknown }) {
    const name = PersonName.safeParse(input.name);
    if (!name.success) throw new AppError('invalid_argument', name.error.issues[0]!.message, 'name');
    const role = Role.safeParse(input.role);
    if (!role.success) throw new AppError('invalid_argument', role.error.issues[0]!.message, 'role');
    const code = newSecret();
    const now = this.#now();
    const expiresAt = new Date(now.getTime() + this.#inviteTtlMs);
    await this.#db.query(
      'insert into invites (id, code_hash, name, role, created_at, expires_at) values ($1, $2, $3, $4, $5, $6)',
      [randomUUID(), hashSecret(code), name.data, role.data, now, expiresAt],
    );
    return { code, name: name.data, role: role.data, expiresAt: expiresAt.toISOString() };
  }

  /** Whether anyone can manage the team yet. */
  async hasAdmin(): Promise<boolean> {
    const rows = await this.#db.query("select 1 from users where role = 'admin' limit 1");
    return rows.length > 0;
  }

  /**
   * Signs the invite's person in on a new device: the invite is spent in the same transaction, so
   * it works once even when two instances see it at the same moment. Returns the device's token.
   */
  async redeem(code: string, label: string): Promise<{ user: TeamUser; deviceId: string; token: string }> {
    const now = this.#now();
    const token = newSecret();
    const result = await this.#db.transaction(async (q) => {
      const [invite] = await q.query<{ name: string; role: Role }>(
        `update invites set used_at = $2 where code_hash = $1 and used_at is null and expires_at > $2
         returning name, role`,
        [hashSecret(code), now],
      );
      if (!invite) return undefined;
      const user: TeamUser = {
        id: randomUUID(),
        name: invite.name,
        role: invite.role,
        identity: identityFor(invite.name),
      };
      await q.query('insert into users (id, name, role, identity, created_at) values ($1, $2, $3, $4, $5)', [
        user.id,
        user.name,
        user.role,
        user.identity,
        now,
      ]);
      await q.query('update invites set user_id = $2 where code_hash = $1', [hashSecret(code), user.id]);
      const deviceId = randomUUID();
      await q.query(
        'insert into devices (id, user_id, token_hash, label, created_at, last_seen_at) values ($1, $2, $3, $4, $5, $5)',
        [deviceId, user.id, hashSecret(token), label.slice(0, 200), now],
      );
      return { user, deviceId, token };
    });
    if (result) return result;
    throw await this.#whyRefused(code, now);
  }

  async #whyRefused(code: string, now: Date): Promise<AppError> {
    const [invite] = await this.#db.query<{ used_at: Date | null; expires_at: Date }>(
      'select used_at, expires_at from invites where code_hash = $1',
      [hashSecret(code)],
    );
    if (invite?.used_at)
      return new AppError(
        'invite_used',
        'This invite link has already been used. Ask your admin for a new one.',
      );
    if (invite && invite.expires_at <= now)
      return new AppError('invite_expired', 'This invite link has expired. Ask your admin for a new one.');
    return new AppError(
      'invite_unknown',
      'This invite link is not valid. Check that the whole link was copied.',
    );
  }

  /** The signed-in user behind a device token, or undefined when the token is unknown or revoked. */
  async authenticate(token: string): Promise<{ user: TeamUser; deviceId: string } | undefined> {
    if (token.length === 0 || token.length > 200) return undefined;
    const [row] = await this.#db.query<{
      device_id: string;
      id: string;
      name: string;
      role: Role;
      identity: string;
    }>(
      `update devices d set last_seen_at = $2 from users u
       where d.token_hash = $1 and d.revoked_at is null and u.id = d.user_id
       returning d.id as device_id, u.id, u.name, u.role, u.identity`,
      [hashSecret(token), this.#now()],
    );
    if (!row) return undefined;
    return {
      user: { id: row.id, name: row.name, role: row.role, identity: row.identity },
      deviceId: row.device_id,
    };
  }

  /** Every device, newest first, with its person and whether it was revoked. */
  async devices(): Promise<TeamDevice[]> {
    const rows = await this.#db.query<Record<string, unknown>>(
      `select d.id, d.user_id, u.name, u.role, d.label, d.created_at, d.last_seen_at, d.revoked_at
       from devices d join users u on u.id = d.user_id order by d.created_at desc, d.id`,
    );
    return rows.map((r) => ({
      id: String(r.id),
      userId: String(r.user_id),
      userName: String(r.name),
      role: r.role as Role,
      label: String(r.label),
      createdAt: iso(r.created_at)!,
      lastSeenAt: iso(r.last_seen_at),
      revokedAt: iso(r.revoked_at),
    }));
  }

  /** Revokes one device's credential; false when there is no such device or it was revoked already. */
  async revoke(deviceId: string): Promise<boolean> {
    const rows = await this.#db.query(
      'update devices set revoked_at = $2 where id = $1 and revoked_at is null returning id',
      [deviceId, this.#now()],
    );
    return rows.length > 0;
  }

  /**
   * Who an incoming call rings: everyone with a device still signed in, most recently seen first,
   * at most ten (Twilio's limit of <Client> nouns in one <Dial>).
   */
  async ringGroup(): Promise<string[]> {
    const rows = await this.#db.query<{ identity: string }>(
      `select u.identity from users u join devices d on d.user_id = u.id and d.revoked_at is null
       group by u.identity order by max(d.last_seen_at) desc nulls last, u.identity limit 10`,
    );
    return rows.map((r) => r.identity);
  }
}
