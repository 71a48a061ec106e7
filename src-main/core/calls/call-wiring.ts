// Which part of the core tells the consoles of calls, decided in one place: live mode with a call
// book (Callpay Server) keeps Twilio's call callbacks in the book; live mode without one looks again
// when a leg the app placed changes; sandbox mode's in-process sandbox knows every call itself.
import type { EventName, EventPayload } from '@shared/api';
import type { CallRecord, ControlCall } from '../../sandbox';
import type { AppLog } from '../log';
import { callNews, type CallBook } from './call-book';
import { callEvents } from './call-events';

type Emit = <K extends EventName>(name: K, payload: EventPayload<K>) => void;

export interface CallWiringDeps {
  emit: Emit;
  /** The connection's mode now; undefined before the first connection. */
  mode: () => string | undefined;
  /** Sandbox mode's calls, from its control API. */
  listCalls: () => ControlCall[] | undefined;
  callBook: CallBook | undefined;
  log: AppLog;
}

export function callWiring(deps: CallWiringDeps) {
  const { log } = deps;
  const book = () => (deps.mode() === 'live' ? deps.callBook : undefined);
  const events = callEvents(deps.emit, deps.listCalls, deps.callBook, (error) =>
    log.warn('calls.book_unreadable', { code: (error as { code?: string }).code }),
  );
  // A call's news into the book; the answer to Twilio waits for it, but a database fault never fails a call.
  const keepNews = async (params: Record<string, string>) => {
    const kept = book();
    const news = kept && callNews(params);
    if (!news) return;
    try {
      if (await kept.apply(news)) await events.bookChanged();
    } catch (error) {
      log.warn('calls.news_not_kept', { code: (error as { code?: string }).code });
    }
  };
  return {
    /** The call book, in live mode only. */
    book,
    /** A call's status callback (the TwiML App's and the number's). */
    callStatus: keepNews,
    /** A leg's status callback: into the book, or a look at the account's calls in live mode. */
    legStatus: (params: Record<string, string>) => {
      if (book()) return keepNews(params);
      if (deps.mode() === 'live') events.legChanged();
    },
    /** A sandbox call's status changed. */
    sandboxCall: (call: CallRecord) => events.sandboxCall(call),
    /** The book changed on another instance. */
    changed: () => (book() ? events.bookChanged() : Promise.resolve()),
    stop: () => events.stop(),
  };
}

export type CallWiring = ReturnType<typeof callWiring>;
