import type { PaymentSession } from '@shared/payments';
import type { Database } from '../db';
import { SESSION_CHANNEL, type PgSessionStore } from './pg-session-store';

/**
 * Follows the sessions other instances save: each notification names a session, whose row is read
 * by this instance's PaymentsService (`refresh`), so its agents see the change. A lost
 * notification loses nothing: the row is read again on the next one, or when a callback needs it.
 */
export function followSessions(
  db: Database,
  sessions: Pick<PgSessionStore, 'get'>,
  instanceId: string,
  refresh: (sessionId: string, read: () => Promise<PaymentSession | undefined>) => Promise<void>,
): Promise<() => Promise<void>> {
  // One read at a time per session, in arrival order, so an older row never replaces a newer one.
  const reads = new Map<string, Promise<void>>();
  return db.listen(SESSION_CHANNEL, (payload) => {
    let note: { id?: unknown; from?: unknown };
    try {
      note = JSON.parse(payload) as typeof note;
    } catch {
      return;
    }
    if (typeof note.id !== 'string' || note.from === instanceId) return;
    const id = note.id;
    const read = (reads.get(id) ?? Promise.resolve())
      .then(() => refresh(id, () => sessions.get(id)))
      .catch(() => undefined);
    reads.set(id, read);
    void read.then(() => reads.get(id) === read && reads.delete(id));
  });
}
