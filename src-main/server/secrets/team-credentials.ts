import { TwilioSettings as TwilioSettingsSchema, type Settings, type SettingsPatch } from '@shared/api';

type TwilioSettings = Settings['twilio'];
import { AppError } from '@shared/api';
import { deriveKey, openSealed, sealText } from '../../core/saved-cards';
import type { SecretName, SecretProtection, SecretStore } from '../../core/settings/secret-store';
import type { Database } from '../db';
import { HOW_TO_GIVE_A_KEY } from './secrets-key';

/** NOTIFY channel saying "the team's Twilio account changed": it carries the writer's instance id, never a secret. */
export const CREDENTIALS_CHANNEL = 'callpay_twilio_credentials';

const TWILIO_SECRETS = ['authToken', 'apiKeySecret', 'webhookSharedKey'] as const;
type TwilioSecret = (typeof TWILIO_SECRETS)[number];
const isTwilioSecret = (name: SecretName): name is TwilioSecret =>
  (TWILIO_SECRETS as readonly string[]).includes(name);
// Its own key from the one given: the same root may seal nothing else that could stand in for it.
const INFO = 'callpay team twilio secrets v1';

export const NO_KEY =
  'This server has no secrets key, so it cannot keep Twilio credentials entered here: ' + HOW_TO_GIVE_A_KEY;
const WRONG_KEY =
  'This instance’s secrets key does not open the Twilio credentials saved in the database: give every ' +
  'instance of the team the same --secrets-key-file or CALLPAY_SECRETS_KEY.';

/**
 * The Twilio account an admin entered once in the console, kept for the whole team in the database:
 * ids in plain, secrets sealed with the server's key and opened only in this process's memory.
 */
export class TeamCredentials {
  readonly #key: Buffer | undefined;
  #opened = new Map<TwilioSecret, string>();
  #unreadable = false;
  #account: TwilioSettings = {};

  constructor(
    private readonly db: Database,
    key: Buffer | undefined,
    private readonly instanceId: string,
    /** Where the audit key (no Twilio secret) is kept: its file beside the data. */
    private readonly auditKey: SecretStore,
  ) {
    this.#key = key && deriveKey(key, INFO);
  }

  /** The account's non-secret settings as last read from the database. */
  get account(): TwilioSettings {
    return { ...this.#account };
  }

  /** Whether what the database holds can be used here: a key, and it opens every saved secret. */
  get usable(): boolean {
    return this.#key !== undefined && !this.#unreadable;
  }

  /** Reads the row and opens each secret into memory. */
  async refresh(): Promise<void> {
    const [row] = await this.db.query<{ account: unknown }>('select account from team_twilio');
    const parsed = TwilioSettingsSchema.safeParse(row?.account ?? {});
    this.#account = parsed.success ? parsed.data : {};
    const rows = await this.db.query<{ name: TwilioSecret; sealed: string }>(
      'select name, sealed from team_secrets',
    );
    const opened = new Map<TwilioSecret, string>();
    let unreadable = false;
    for (const { name, sealed } of rows) {
      const plain = this.#key && openSealed(this.#key, sealed, name);
      if (plain === undefined) unreadable = true;
      else opened.set(name, plain);
    }
    this.#opened = opened;
    this.#unreadable = this.#key !== undefined && unreadable;
  }

  /** Saves the account's non-secret settings for the team when they differ from the database's; true if written. */
  async saveAccount(twilio: TwilioSettings): Promise<boolean> {
    if (!this.usable || JSON.stringify(sorted(twilio)) === JSON.stringify(sorted(this.#account)))
      return false;
    await this.db.query(
      `insert into team_twilio (id, account, updated_at) values (true, $1, now())
       on conflict (id) do update set account = excluded.account, updated_at = excluded.updated_at`,
      [JSON.stringify(twilio)],
    );
    this.#account = { ...twilio };
    await this.#notify();
    return true;
  }

  /** Calls `onChange` after re-reading the database, each time another instance changed the account. */
  follow(onChange: () => Promise<void>): Promise<() => Promise<void>> {
    let reads = Promise.resolve();
    const read = () => {
      reads = reads.then(() => this.refresh().then(onChange)).catch(() => undefined);
    };
    // Listening again after a lost connection: a change made meanwhile is read now.
    return this.db.listen(CREDENTIALS_CHANNEL, (from) => from !== this.instanceId && read(), read);
  }

  /** The core's SecretStore: the Twilio secrets from memory, sealed into the database on save. */
  store(): SecretStore {
    const protection = (): SecretProtection =>
      this.#key === undefined
        ? { level: 'fixed', reason: NO_KEY }
        : this.#unreadable
          ? { level: 'fixed', reason: WRONG_KEY }
          : { level: 'os' };
    const writable = () => {
      const p = protection();
      if (p.level === 'fixed') throw new AppError('secrets_fixed', p.reason);
      return this.#key!;
    };
    return {
      get protection() {
        return protection();
      },
      get: async (name) => (isTwilioSecret(name) ? this.#opened.get(name) : this.auditKey.get(name)),
      has: async (name) => (isTwilioSecret(name) ? this.#opened.has(name) : this.auditKey.has(name)),
      set: async (name, value) => {
        if (!isTwilioSecret(name)) return this.auditKey.set(name, value);
        await this.db.query(
          `insert into team_secrets (name, sealed, updated_at) values ($1, $2, now())
           on conflict (name) do update set sealed = excluded.sealed, updated_at = excluded.updated_at`,
          [name, sealText(writable(), value, name)],
        );
        this.#opened.set(name, value);
        await this.#notify();
      },
      delete: async (name) => {
        if (!isTwilioSecret(name)) return this.auditKey.delete(name);
        writable();
        await this.db.query('delete from team_secrets where name = $1', [name]);
        this.#opened.delete(name);
        await this.#notify();
      },
    };
  }

  async #notify() {
    await this.db.query('select pg_notify($1, $2)', [CREDENTIALS_CHANNEL, this.instanceId]);
  }
}

const sorted = (o: object) =>
  Object.fromEntries(
    Object.entries(o)
      .filter(([, v]) => v !== undefined)
      .sort(),
  );

/** The change that brings this instance's account settings to the team's; undefined when they agree. */
export function accountPatch(local: TwilioSettings, team: TwilioSettings): TwilioPatch | undefined {
  const patch: Record<string, string | boolean | null> = {};
  const keys = new Set([...Object.keys(local), ...Object.keys(team)]) as Set<keyof TwilioSettings & string>;
  for (const key of keys) {
    if (local[key] !== team[key]) patch[key] = team[key] ?? null;
  }
  return Object.keys(patch).length > 0 ? (patch as TwilioPatch) : undefined;
}
type TwilioPatch = NonNullable<SettingsPatch['twilio']>;
