import { AppError } from '@shared/api';

export interface Redeemed {
  token: string;
  deviceId: string;
  user: { name: string; role: string };
}

/** Trades an invite code for this device's own credential at the team server (`POST /link/redeem`). */
export async function redeemInvite(serverUrl: string, code: string, label: string): Promise<Redeemed> {
  let response: Response;
  try {
    response = await fetch(`${serverUrl}/link/redeem`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code, label }),
      redirect: 'error',
      signal: AbortSignal.timeout(15_000),
    });
  } catch {
    throw new AppError(
      'team_unreachable',
      `Callpay could not reach a team server at ${serverUrl}. Check the address and your network.`,
      'serverUrl',
    );
  }
  const body = (await response.json().catch(() => undefined)) as
    | {
        token?: unknown;
        deviceId?: unknown;
        user?: Redeemed['user'];
        error?: { code?: unknown; message?: unknown };
      }
    | undefined;
  if (response.ok && typeof body?.token === 'string' && typeof body.deviceId === 'string' && body.user) {
    return { token: body.token, deviceId: body.deviceId, user: body.user };
  }
  const error = body?.error;
  if (typeof error?.code === 'string' && typeof error.message === 'string') {
    throw new AppError(error.code, error.message, error.code.startsWith('invite') ? 'inviteCode' : undefined);
  }
  throw new AppError(
    'team_unreachable',
    `The address ${serverUrl} answered, but not as a Callpay team server. Check the address.`,
    'serverUrl',
  );
}
