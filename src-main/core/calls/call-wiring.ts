// Which part of the core tells the consoles of calls, decided in one place: live mode with a call
// book (Callpay Server) keeps Twilio's call callbacks in the book; live mode without one looks again
// when a leg the app placed changes; sandbox mode's in-process sandbox knows every call itself.
import type { Twilio } from 'twilio';
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
  /** Live mode's REST client, for a look at a call whose end never reached the book. */
  client?: () => Twilio | undefined;
  quietCalls?: QuietCallCheck;
  now?: () => Date;
}

/**
 * A call's end callback can be lost (Twilio gives up after its retries, or every instance was down):
 * the book would show it in progress until Twilio's 24-hour limit. So each call with no news for
 * `quietMs` (default 10 minutes) is looked up once at Twilio (one Calls request per quiet call, not
 * a Calls list), checked every `everyMs` (default a minute).
 */
export interface QuietCallCheck {
  quietMs?: number;
  everyMs?: number;
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
  const now = deps.now ?? (() => new Date());
  const quietMs = deps.quietCalls?.quietMs ?? 10 * 60_000;
  /** Looks at Twilio for each quiet call the book claims; a call Twilio does not know has ended. */
  const checkQuiet = async () => {
    const kept = book();
    const client = deps.client?.();
    if (!kept?.claimQuiet || !client) return;
    const at = now();
    let changed = false;
    for (const sid of await kept.claimQuiet(new Date(at.getTime() - quietMs), at)) {
      const status = await client
        .calls(sid)
        .fetch()
        .then((call) => call.status as string)
        .catch((error: { status?: number }) => (error.status === 404 ? 'completed' : undefined));
      if (status === undefined) continue;
      if (await kept.apply({ sid, status })) changed = true;
      log.info('calls.quiet_checked', { callSid: sid, status });
    }
    if (changed) await events.bookChanged();
  };
  let checking = false;
  const timer = setInterval(() => {
    if (checking || !book()) return;
    checking = true;
    void checkQuiet()
      .catch((error: unknown) =>
        log.warn('calls.quiet_check_failed', { code: (error as { code?: string }).code }),
      )
      .finally(() => (checking = false));
  }, deps.quietCalls?.everyMs ?? 60_000);
  timer.unref();
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
    /** Looks at Twilio for the book's quiet calls now (the timer does it every `everyMs`). */
    checkQuiet,
    stop: () => {
      clearInterval(timer);
      events.stop();
    },
  };
}

export type CallWiring = ReturnType<typeof callWiring>;
