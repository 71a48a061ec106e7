import type { PhoneReport } from '@shared/api';
import type { Handlers } from '../api/host';
import type { PhoneService } from './phone-service';
import type { SetupDeps, SetupService } from './setup-service';

type PhoneCommands =
  | 'phone.token'
  | 'phone.customerLeg'
  | 'phone.report'
  | 'setup.account'
  | 'setup.callerId'
  | 'setup.readiness';

/** The softphone's and setup's commands. */
export function phoneHandlers(
  phone: PhoneService,
  setup: SetupService,
  deps: Pick<SetupDeps, 'connection'>,
  onReport: (report: PhoneReport) => void,
): Pick<Handlers, PhoneCommands> {
  return {
    'phone.token': () => phone.token(),
    'phone.customerLeg': (args) => phone.legs.resolve(args, deps.connection()?.client()),
    // The Device lives in the renderer; main's desktop parts (the tray) hear its state from here.
    'phone.report': (report) => {
      onReport(report);
      return {};
    },
    'setup.account': ({ accountSid, authToken }) => setup.setup(accountSid, authToken),
    'setup.callerId': async ({ phoneNumber }) => {
      await setup.pickCallerId(phoneNumber);
      return { phoneNumber };
    },
    'setup.readiness': () => setup.readiness(),
  };
}
