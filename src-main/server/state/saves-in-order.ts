import type { PaymentSession } from '@shared/payments';
import type { SessionStore } from '../../core/payments/session-store';

/**
 * A store whose saves of one session run one after another, in the order they were asked for.
 * The core saves each state as it happens without waiting; on a pool of connections two saves of
 * one session would otherwise race, and the older state could land last (in the row and in the
 * team's numbered events alike).
 */
export function savesInOrder(store: SessionStore): SessionStore {
  const queues = new Map<string, Promise<void>>();
  return {
    load: () => store.load(),
    findByPaymentSid: store.findByPaymentSid && ((sid) => store.findByPaymentSid!(sid)),
    save: (session: PaymentSession) => {
      const saved = (queues.get(session.id) ?? Promise.resolve())
        .catch(() => undefined)
        .then(() => store.save(session));
      queues.set(session.id, saved);
      const forget = () => void (queues.get(session.id) === saved && queues.delete(session.id));
      saved.then(forget, forget);
      return saved;
    },
  };
}
