import { describeSession, type PaymentSession } from '@shared/payments';
import { isSealedCard } from '../audit';
import type { SessionStore } from '../payments';
import { maskToken, type SavedCardVault } from './vault';

/**
 * A session store that keeps a finished tokenize's token and profile id sealed on disk (or in the
 * database): sealed into `result.token` on save, opened again on load. Without a vault (its key
 * unreadable) they are not written at all.
 */
export function sealedSessions(store: SessionStore, vault: SavedCardVault | undefined): SessionStore {
  const { findByPaymentSid, get, close } = store;
  const open = (s: PaymentSession | undefined) => s && openedSession(s, vault);
  return {
    load: async () => (await store.load()).map((s) => openedSession(s, vault)),
    save: (session, base) => store.save(sealed(session, vault), base),
    // A store several instances share is read as it is kept, with the saved card opened.
    ...(findByPaymentSid && {
      findByPaymentSid: async (sid) => open(await findByPaymentSid.call(store, sid)),
    }),
    ...(get && { get: async (id) => open(await get.call(store, id)) }),
    ...(close && { close: () => close.call(store) }),
  };
}

function sealed(s: PaymentSession, vault: SavedCardVault | undefined): PaymentSession {
  const token = s.result?.token;
  if (!s.result || token === undefined) return s;
  const { profileId, ...rest } = s.result;
  // The sentence shown with the result names the token too: it is written masked, and said again on load.
  const message = s.message.replaceAll(token, maskToken(token));
  return { ...s, message, result: { ...rest, token: vault?.seal({ token, profileId }, s.id) } };
}

/** A session as the store keeps it, with its saved card opened for the agent's screen. */
export function openedSession(s: PaymentSession, vault: SavedCardVault | undefined): PaymentSession {
  const token = s.result?.token;
  if (!s.result || token === undefined) return s;
  const card = vault?.unseal(token, s.id);
  // A token from before sealing (plain) is kept as it was; one this key cannot open is dropped.
  if (!card) return isSealedCard(token) ? { ...s, result: { ...s.result, token: undefined } } : s;
  const opened = { ...s, result: { ...s.result, ...card } };
  return { ...opened, message: describeSession(opened) };
}
