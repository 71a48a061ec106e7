import { errorMessage } from '@shared/api';
// Transport errors whose own text ("fetch failed", "ECONNREFUSED") means nothing to an agent.
const UNREACHABLE =
  /fetch failed|ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ENETUNREACH|socket hang up/i;

/** Why a tunnel could not open, as one sentence ending in a full stop. */
export function tunnelOpenFailure(error: unknown): string {
  const raw = errorMessage(error).trim();
  if (raw === '' || UNREACHABLE.test(raw))
    return 'The tunnel could not open: the tunnel service could not be reached from this computer.';
  return `The tunnel could not open: ${sentence(raw)}`;
}

/** Ends a reason with a full stop, so a following sentence reads as one. */
export function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?…]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
