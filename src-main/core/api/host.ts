import type { z } from 'zod';
import {
  commands,
  events,
  isCommandName,
  type CommandName,
  type CommandResult,
  type Commands,
  type EventName,
  type EventPayload,
} from '@shared/api';
import { AppError, describeIssues, type Envelope } from '@shared/api';

/** One handler per command; it receives arguments already checked against the schema. */
export type Handlers = {
  [K in CommandName]: (args: z.output<Commands[K]['args']>) => Promise<CommandResult<K>> | CommandResult<K>;
};

export type EventListener = <K extends EventName>(name: K, payload: EventPayload<K>) => void;

/**
 * The AppApi as main implements it. Carriers (IPC, WebSocket) hand it untrusted names and
 * arguments; it validates both before any handler runs and never throws across the boundary.
 */
export class ApiHost {
  readonly #handlers: Handlers;
  readonly #listeners = new Set<EventListener>();

  constructor(handlers: Handlers) {
    this.#handlers = handlers;
  }

  async dispatch(name: unknown, rawArgs: unknown): Promise<Envelope> {
    if (!isCommandName(name)) {
      return { ok: false, error: { code: 'unknown_command', message: 'That command does not exist.' } };
    }
    const args = rawArgs ?? {};
    const parsed = commands[name].args.safeParse(args);
    if (!parsed.success) return { ok: false, error: describeIssues(parsed.error, args) };
    try {
      const handler = this.#handlers[name] as (args: unknown) => unknown;
      const value = await handler(parsed.data);
      return { ok: true, value };
    } catch (error) {
      if (error instanceof AppError) return { ok: false, error: error.toShape() };
      // Internals never cross the boundary: the agent gets a sentence, the log gets the rest.
      return {
        ok: false,
        error: { code: 'internal', message: 'Something went wrong in Callpay. Please try again.' },
      };
    }
  }

  /** Sends an event to every carrier; the payload is checked against its schema first. */
  emit<K extends EventName>(name: K, payload: EventPayload<K>): void {
    const checked = events[name].parse(payload) as EventPayload<K>;
    for (const listener of this.#listeners) listener(name, checked);
  }

  subscribe(listener: EventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
