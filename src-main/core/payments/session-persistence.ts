import { reduceSession, type PaymentSession, type SessionAction } from '@shared/payments';
import type { AppLog } from '../log';
import { StaleSession, type SessionStore } from './session-store';

export interface PersistenceDeps {
  /** Where sessions are written down; without one they live in memory only. */
  store: SessionStore | undefined;
  log: AppLog;
  /** The session's newest state in this instance. */
  current: (sessionId: string) => PaymentSession | undefined;
  /** Another instance saved the session first: this instance's unsaved changes, applied again over its copy. */
  rebased: (session: PaymentSession) => void;
}

/**
 * Writes each session's changes down, one save at a time per session and always its newest state,
 * each save made over the version of the store's copy it was made from. When a store several
 * instances share says another instance saved the session since (StaleSession), its copy is read
 * again and this instance's unsaved actions (a callback, a command's change) are applied again to it,
 * then saved over it: no instance overwrites another's change.
 */
export class SessionPersistence {
  readonly #deps: PersistenceDeps;
  /** The version of the store's copy of each session, as last read or saved here. */
  readonly #base = new Map<string, number>();
  /** Each session's actions since its base, in order: what a save over a newer copy applies again. */
  readonly #unsaved = new Map<string, SessionAction[]>();
  /** The save under way for each session; it goes on until no change is left unsaved. */
  readonly #runs = new Map<string, Promise<void>>();

  constructor(deps: PersistenceDeps) {
    this.#deps = deps;
  }

  /** A session made here, or changed here by `action`: its newest state is saved. */
  changed(session: PaymentSession, action?: SessionAction): void {
    if (!this.#deps.store) return;
    const unsaved = this.#unsaved.get(session.id) ?? [];
    if (action) unsaved.push(action);
    this.#unsaved.set(session.id, unsaved);
    void this.saved(session.id);
  }

  /**
   * The store's copy of a session (read back at start, or saved by another instance): it becomes the
   * base here. Refused (false) while this instance has changes of its own unsaved, or already has
   * that version: the save under way finds the newer copy itself, by its version, and applies them again.
   */
  known(session: PaymentSession, local: PaymentSession | undefined): boolean {
    if (this.#unsaved.has(session.id)) return false;
    if (local && local.version >= session.version) return false;
    this.#base.set(session.id, session.version);
    return true;
  }

  /** Whether a session has changes not yet written down. */
  unsaved(sessionId: string): boolean {
    return this.#unsaved.has(sessionId);
  }

  /** Forgets a session this instance no longer keeps. */
  forget(sessionId: string): void {
    if (!this.#unsaved.has(sessionId)) this.#base.delete(sessionId);
  }

  /** Resolves once the session's newest state is durable; rejects with the store's error if it is not. */
  saved(sessionId: string): Promise<void> {
    const running = this.#runs.get(sessionId);
    if (running) return running;
    if (!this.#unsaved.has(sessionId)) return Promise.resolve();
    const run = this.#run(sessionId);
    this.#runs.set(sessionId, run);
    run.then(
      () => this.#runs.get(sessionId) === run && this.#runs.delete(sessionId),
      (error: unknown) => {
        if (this.#runs.get(sessionId) === run) this.#runs.delete(sessionId);
        this.#deps.log.warn('payments.save_failed', { sessionId, reason: (error as Error).message });
      },
    );
    return run;
  }

  /** Like `saved`, but never rejects: for waiting before reading the store's copy. */
  settled(sessionId: string): Promise<void> {
    return this.saved(sessionId).catch(() => undefined);
  }

  /** Resolves once every save under way has ended (for a clean stop). */
  async flush(): Promise<void> {
    await Promise.allSettled([...this.#runs.values()]);
  }

  async #run(sessionId: string): Promise<void> {
    const store = this.#deps.store!;
    for (;;) {
      const unsaved = this.#unsaved.get(sessionId);
      const state = this.#deps.current(sessionId);
      if (!unsaved || !state) return;
      const count = unsaved.length;
      try {
        await store.save(state, this.#base.get(sessionId));
      } catch (error) {
        if (!(error instanceof StaleSession)) throw error;
        await this.#rebase(store, sessionId, error);
        continue;
      }
      this.#base.set(sessionId, state.version);
      unsaved.splice(0, count);
      if (unsaved.length === 0) this.#unsaved.delete(sessionId);
    }
  }

  /** The store's copy moved on: this instance's unsaved actions are applied again to it. */
  async #rebase(store: SessionStore, sessionId: string, stale: StaleSession): Promise<void> {
    const fresh = await store.get?.(sessionId);
    if (!fresh) throw stale;
    const unsaved = this.#unsaved.get(sessionId) ?? [];
    let state = fresh;
    const kept: SessionAction[] = [];
    for (const action of unsaved) {
      const next = reduceSession(state, action);
      if (next === state) continue;
      kept.push(action);
      state = next;
    }
    this.#base.set(sessionId, fresh.version);
    this.#deps.log.info('payments.rebased', { sessionId, version: fresh.version, actions: kept.length });
    if (kept.length === 0) this.#unsaved.delete(sessionId);
    else this.#unsaved.set(sessionId, kept);
    this.#deps.rebased(state);
  }
}
