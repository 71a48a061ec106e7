import type { AuditVerification } from '@shared/api';
import { AppError } from '@shared/api';
import type { TeamAccounts } from '../accounts';
import type { Database } from '../db';

/** NOTIFY channel carrying a revoked device's id, so every instance closes its sockets. */
export const REVOKED_CHANNEL = 'callpay_device_revoked';

export interface AdminDeps {
  accounts: TeamAccounts;
  /** The device sockets this instance holds (http's DeviceSockets): a revoked device's are cut off. */
  sockets: { cutOff(deviceId: string): void };
  db: Database;
  /** Where people reach this server: the public URL, or the local address. */
  baseUrl: () => string;
  /** The team's audit log, chain and seals. */
  verifyAudit: () => Promise<AuditVerification>;
}

/** What an admin can do, the same from the admin routes and from `npm run server -- <command>`. */
export function adminCommands(deps: AdminDeps) {
  return {
    async invite(input: { name: unknown; role: unknown }) {
      const { code, ...invite } = await deps.accounts.invite(input);
      return { ...invite, link: `${deps.baseUrl()}/join/${code}` };
    },
    devices: () => deps.accounts.devices(),
    verifyAudit: () => deps.verifyAudit(),
    async revoke(deviceId: string) {
      if (!(await deps.accounts.revoke(deviceId))) {
        throw new AppError('device_unknown', 'There is no such device, or it was revoked already.');
      }
      deps.sockets.cutOff(deviceId);
      // Other instances hear it and close theirs; the table stays the truth for every new request.
      await deps.db.query('select pg_notify($1, $2)', [REVOKED_CHANNEL, deviceId]);
      return { revoked: deviceId };
    },
  };
}

export type AdminCommands = ReturnType<typeof adminCommands>;
