import { AsyncLocalStorage } from 'node:async_hooks';
import type { Role } from '../accounts';

/** The signed-in person behind one command, as the carrier knows them. */
export interface Caller {
  /** Their Voice client identity: their payments and their softphone carry it. */
  identity: string;
  name: string;
  role: Role;
  deviceId: string;
}

const current = new AsyncLocalStorage<Caller>();

/** Runs `fn` as `caller`: whatever the core does for it sees who they are. */
export const runAs = <T>(caller: Caller, fn: () => T): T => current.run(caller, fn);

/** The identity of the person whose command is running now, if any (callbacks run as nobody). */
export const actingIdentity = (): string | undefined => current.getStore()?.identity;
