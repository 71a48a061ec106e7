import { ENDED_CALL_STATUSES } from '@shared/api';
import { AppError, errorMessage } from '@shared/api';
import type { TestCardInfo } from '@shared/api';
import type { Handlers } from '../api/host';
import { testBankAccounts, testCards, type SandboxControl } from '../../sandbox';

type CustomerHandlers = Pick<
  Handlers,
  | 'sandbox.testCards'
  | 'sandbox.callIn'
  | 'sandbox.press'
  | 'sandbox.keyTestCard'
  | 'sandbox.hangup'
  | 'sandbox.callStatus'
>;

/** The sandbox's customer side, or undefined in live mode. */
export type ControlSource = () => SandboxControl | undefined;

const DEFAULT_FROM = '+14155550123';
const DEFAULT_TO = '+14155550100';

interface Listed extends TestCardInfo {
  number: string;
}

// Full numbers stay in main: the console sees brand, last 4 and an id to key one by.
const catalogue: readonly Listed[] = [
  ...testCards.map((c, i) => ({
    id: `card-${i + 1}`,
    kind: 'card' as const,
    brand: c.brand,
    last4: c.number.slice(-4),
    description: c.description,
    outcome: c.outcome,
    number: c.number,
  })),
  ...testBankAccounts.map((a, i) => ({
    id: `bank-${i + 1}`,
    kind: 'bank-account' as const,
    last4: a.number.slice(-4),
    description: a.description,
    outcome: a.outcome,
    number: a.number,
  })),
];

const publicView = ({ number: _number, ...info }: Listed): TestCardInfo => info;

/** Commands that play the customer in sandbox mode: call in, press keys, key a test card, hang up. */
export function sandboxCustomerHandlers(
  control: ControlSource,
  softphoneNumber: () => string | undefined = () => undefined,
): CustomerHandlers {
  const sandbox = () => {
    const found = control();
    if (!found) throw new AppError('not_sandbox', 'The sandbox customer is only there in sandbox mode.');
    return found;
  };
  const press = (callSid: string, digits: string) => {
    const done = attempt(() => sandbox().pressDigits(callSid, digits));
    // Keys are pressed in the background, in order; an early hang-up just drops the rest.
    done.catch(() => undefined);
    return { callSid, queued: digits.length };
  };
  return {
    'sandbox.testCards': () => {
      sandbox();
      return { cards: catalogue.map(publicView) };
    },
    'sandbox.callIn': async ({ from, to, softphone }) => {
      if (!softphone) {
        const call = attempt(() =>
          sandbox().createCall({ from: from ?? DEFAULT_FROM, to: to ?? DEFAULT_TO }),
        );
        return { sid: call.sid, from: call.from, to: call.to };
      }
      // As a real customer would: dial the number, whose Voice URL (Callpay's) rings the softphone.
      const number = softphoneNumber();
      if (!number) {
        throw new AppError(
          'not_ready',
          'The softphone has no sandbox number yet. Wait until it shows Registered.',
        );
      }
      const call = await sandbox()
        .callIn({ from: from ?? DEFAULT_FROM, to: number })
        .catch((error: unknown) => {
          throw readable(error);
        });
      return { sid: call.sid, from: call.from, to: call.to };
    },
    'sandbox.press': ({ callSid, digits }) => press(callSid, digits),
    'sandbox.keyTestCard': ({ callSid, id }) => {
      const card = catalogue.find((c) => c.id === id);
      if (!card) throw new AppError('not_found', 'There is no such test card. Pick one from the list.', 'id');
      return press(callSid, `${card.number}#`);
    },
    'sandbox.hangup': ({ callSid }) => {
      attempt(() => sandbox().hangup(callSid));
      return { callSid };
    },
    'sandbox.callStatus': ({ callSid }) => {
      const call = sandbox()
        .listCalls()
        .find((c) => c.sid === callSid);
      if (!call) throw new AppError('not_found', 'That call is not known to the sandbox.');
      return { callSid, status: call.status, ended: ENDED_CALL_STATUSES.includes(call.status) };
    },
  };
}

/** Runs a sandbox operation, turning its Twilio-style errors into ones the agent can read. */
function attempt<T>(operation: () => T): T {
  try {
    return operation();
  } catch (error) {
    throw readable(error);
  }
}

function readable(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const code = (error as { code?: number }).code;
  if (code === 21220) return new AppError('call_ended', 'That call has ended. Call in again.');
  if (code === 20404) return new AppError('not_found', 'That call is not known to the sandbox.');
  return new AppError('sandbox_error', errorMessage(error));
}
