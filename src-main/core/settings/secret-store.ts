import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { SerialQueue, writeFileAtomic } from './atomic-file';

// auditKey: the audit log's MAC key (core/audit/audit-key.ts), never shown or sent anywhere.
// teamDevice: this device's credential at its team server (src-main/team-link), sent only there.
/** The secrets Callpay keeps. Each lives only in main; the renderer never sees one. */
// webhookSharedKey: a Twilio Webhook Setting's SharedKey secret, used only to check webhook signatures.
export const SECRET_NAMES = [
  'authToken',
  'apiKeySecret',
  'webhookSharedKey',
  'auditKey',
  'teamDevice',
] as const;
export type SecretName = (typeof SECRET_NAMES)[number];

/**
 * How well the store protects what it holds, and what to tell the user when it is weak; 'fixed' when
 * it takes no secrets from the console at all (a team server: its environment's, or no key to seal them).
 */
export type SecretProtection =
  { level: 'os' } | { level: 'weak'; warning: string } | { level: 'fixed'; reason: string };

/** Where main keeps secrets: the OS keychain through safeStorage in Electron, a local key otherwise. */
export interface SecretStore {
  readonly protection: SecretProtection;
  get(name: SecretName): Promise<string | undefined>;
  /** Whether a secret is saved, without opening it. */
  has(name: SecretName): Promise<boolean>;
  set(name: SecretName, value: string): Promise<void>;
  delete(name: SecretName): Promise<void>;
}

/** Turns text into bytes only this store can read back, and says whether stored bytes are due for renewal. */
export interface SecretCipher {
  encrypt(plain: string): Promise<Buffer>;
  decrypt(sealed: Buffer): Promise<{ plain: string; renew: boolean }>;
}

const SecretFile = z.object({ version: z.literal(1), secrets: z.record(z.string(), z.base64()) });

/** Thrown when the secrets file cannot be read back: the user must enter the secrets again. */
export class SecretsUnreadable extends Error {
  constructor(readonly file: string) {
    super(`Callpay cannot read its saved secrets (${file}). Enter your Twilio credentials again.`);
  }
}

/** Secrets sealed one by one with a cipher, kept in a JSON file only the user can read. */
export class FileSecretStore implements SecretStore {
  // Read-change-write of the one file, one at a time: two saves at once must both land.
  readonly #writes = new SerialQueue();

  constructor(
    readonly file: string,
    readonly cipher: SecretCipher,
    readonly protection: SecretProtection,
  ) {}

  async get(name: SecretName): Promise<string | undefined> {
    const sealed = (await this.#read())[name];
    if (sealed === undefined) return undefined;
    let opened: { plain: string; renew: boolean };
    try {
      opened = await this.cipher.decrypt(Buffer.from(sealed, 'base64'));
    } catch {
      throw new SecretsUnreadable(this.file);
    }
    if (opened.renew) await this.set(name, opened.plain);
    return opened.plain;
  }

  async has(name: SecretName): Promise<boolean> {
    return (await this.#read())[name] !== undefined;
  }

  async set(name: SecretName, value: string) {
    await this.#writes.run(async () => {
      // Sealed inside the queue, so saves land in call order however long each encryption takes.
      const sealed = (await this.cipher.encrypt(value)).toString('base64');
      const secrets = await this.#read();
      secrets[name] = sealed;
      await this.#write(secrets);
    });
  }

  async delete(name: SecretName) {
    await this.#writes.run(async () => {
      const secrets = await this.#read();
      delete secrets[name];
      await this.#write(secrets);
    });
  }

  async #read(): Promise<Record<string, string>> {
    const text = await readFile(this.file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (text === undefined) return {};
    try {
      return SecretFile.parse(JSON.parse(text)).secrets;
    } catch {
      throw new SecretsUnreadable(this.file);
    }
  }

  async #write(secrets: Record<string, string>) {
    await writeFileAtomic(this.file, `${JSON.stringify({ version: 1, secrets }, null, 2)}\n`);
  }
}

/**
 * AES-256-GCM with a random key kept in a file beside the secrets (mode 0600). It keeps secrets out
 * of plain sight and out of copied settings, not away from anyone who can read the user's files.
 */
export function localKeyCipher(keyFile: string): SecretCipher {
  let key: Promise<Buffer> | undefined;
  const loadKey = async () => {
    const existing = await readFile(keyFile).catch(() => undefined);
    if (existing?.length === 32) return existing;
    const fresh = randomBytes(32);
    await mkdir(dirname(keyFile), { recursive: true });
    await writeFile(keyFile, fresh, { mode: 0o600, flag: existing ? 'w' : 'wx' });
    return fresh;
  };
  return {
    async encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', await (key ??= loadKey()), iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    async decrypt(sealed) {
      const decipher = createDecipheriv('aes-256-gcm', await (key ??= loadKey()), sealed.subarray(0, 12));
      decipher.setAuthTag(sealed.subarray(12, 28));
      const plain = Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8');
      return { plain, renew: false };
    },
  };
}

/** What browser mode tells the user about its secrets. */
export const LOCAL_KEY_WARNING =
  'Your Twilio secrets are encrypted with a key stored next to them on this computer, so anyone ' +
  'who can read your files can read them. Use the Callpay desktop app to keep them in the ' +
  "system's protected store.";

/** Browser mode's store: `secrets.json` and `secrets.key` in the data folder, with a visible warning. */
export function browserSecretStore(dataDir: string, warning = LOCAL_KEY_WARNING): SecretStore {
  const cipher = localKeyCipher(join(dataDir, 'secrets.key'));
  return new FileSecretStore(join(dataDir, 'secrets.json'), cipher, { level: 'weak', warning });
}
