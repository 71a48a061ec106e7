import type { FastifyInstance } from 'fastify';
import { rfc2822 } from '../dates';
import { basicAuth, type SecretLookup } from '../http';

/** `GET /2010-04-01/Accounts/{Sid}.json`: the account, as a credentials check fetches it (401/20003 otherwise). */
export function accountRoute(accountSid: string, lookup: SecretLookup, created: Date) {
  return async (app: FastifyInstance) => {
    app.get(
      '/2010-04-01/Accounts/:AccountSid.json',
      { preHandler: basicAuth(accountSid, lookup) },
      async () => ({
        auth_token: null,
        date_created: rfc2822(created),
        date_updated: rfc2822(created),
        friendly_name: 'Callpay sandbox account',
        owner_account_sid: accountSid,
        sid: accountSid,
        status: 'active',
        subresource_uris: {},
        type: 'Full',
        uri: `/2010-04-01/Accounts/${accountSid}.json`,
      }),
    );
  };
}
