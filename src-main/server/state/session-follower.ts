import { PaymentSession } from '@shared/payments';
import type { TeamEventLog } from '../link';

/**
 * Follows the sessions other instances save, from the team's event log: each `payments.session`
 * row carries the state that instance saved, handed to this instance's PaymentsService (`refresh`),
 * so its agents see the change. The log is read on each notification and on its poll, so a lost
 * notification costs a moment, not a change; a callback or command reads the row itself anyway.
 */
export function followSessions(
  log: Pick<TeamEventLog, 'watch'>,
  instanceId: string,
  refresh: (sessionId: string, read: () => Promise<PaymentSession | undefined>) => Promise<void>,
): () => void {
  // One refresh at a time per session, in the log's order, so an older state never replaces a newer one.
  const reads = new Map<string, Promise<void>>();
  return log.watch((row) => {
    if (row.name !== 'payments.session' || row.origin === instanceId) return;
    const parsed = PaymentSession.safeParse(row.payload);
    if (!parsed.success) return;
    const id = parsed.data.id;
    const read = (reads.get(id) ?? Promise.resolve())
      .then(() => refresh(id, async () => parsed.data))
      .catch(() => undefined);
    reads.set(id, read);
    void read.then(() => reads.get(id) === read && reads.delete(id));
  });
}
