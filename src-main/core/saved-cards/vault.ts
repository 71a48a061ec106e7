import type { SavedCard } from '@shared/api';
import { isSealedCard, type AuditKeySource } from '../audit';
import { deriveKey, openSealed, sealText } from './seal';

// Its own key, derived from the audit key: one secret to keep, two keys that cannot stand in for each other.
const INFO = 'callpay saved-card encryption v1';

/**
 * Seals what a tokenize returned (token, profile id) with AES-256-GCM, bound to its payment's
 * session id, so the audit log and the session store hold it encrypted at rest.
 */
export class SavedCardVault {
  readonly #key: Buffer;

  private constructor(key: Buffer) {
    this.#key = key;
  }

  /** Derives the vault's key from the audit key (the secret store's, or `audit.key`). */
  static async open(source: AuditKeySource): Promise<SavedCardVault> {
    const root = await source();
    return new SavedCardVault(deriveKey(root, INFO));
  }

  seal(card: Omit<SavedCard, 'connector'>, sessionId: string): string {
    return sealText(this.#key, JSON.stringify({ t: card.token, p: card.profileId }), sessionId);
  }

  /** The card sealed for this session; undefined when the text was not sealed by this key for it. */
  unseal(text: string, sessionId: string): Omit<SavedCard, 'connector'> | undefined {
    if (!isSealedCard(text)) return undefined;
    const plain = openSealed(this.#key, text, sessionId);
    if (plain === undefined) return undefined;
    try {
      const { t, p } = JSON.parse(plain) as { t: string; p?: string };
      return { token: t, ...(p ? { profileId: p } : {}) };
    } catch {
      return undefined;
    }
  }
}

/** A token as History shows it without asking: its prefix and last 4 (`card_••••aabb`). */
export function maskToken(token: string): string {
  const prefix = /^[A-Za-z]{1,6}_/.exec(token)?.[0] ?? '';
  return `${prefix}••••${token.slice(-4)}`;
}
