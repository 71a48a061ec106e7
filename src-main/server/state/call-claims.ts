import type { Database } from '../db';

/** Which agent a call belongs to, kept in `call_agents` so every instance agrees. */
export class CallClaims {
  readonly #db: Database;
  readonly #now: () => Date;

  constructor(db: Database, now: () => Date = () => new Date()) {
    this.#db = db;
    this.#now = now;
  }

  /** Claims the call for `identity` unless someone has it already; returns whose it is now. */
  async claim(callSid: string, identity: string): Promise<string> {
    const [row] = await this.#db.query<{ identity: string }>(
      `with claimed as (
         insert into call_agents (call_sid, identity, claimed_at) values ($1, $2, $3)
         on conflict (call_sid) do nothing returning identity)
       select identity from claimed union all select identity from call_agents where call_sid = $1
       limit 1`,
      [callSid, identity, this.#now()],
    );
    if (row) return row.identity;
    // A claim committed by another instance during this statement: its snapshot missed it.
    const [other] = await this.#db.query<{ identity: string }>(
      'select identity from call_agents where call_sid = $1',
      [callSid],
    );
    return other?.identity ?? identity;
  }
}
