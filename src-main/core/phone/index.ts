import type { Handlers } from '../api/host';
import { PhoneService } from './phone-service';
import { SetupService, type SetupDeps } from './setup-service';

export { PhoneService, type PhoneDeps } from './phone-service';
export { SetupService, type SetupDeps } from './setup-service';
export { electronFingerprint } from './certificate';

/** The softphone and setup services, and their commands for createCore to spread in. */
export function createPhone(deps: SetupDeps) {
  const phone = new PhoneService(deps);
  const setup = new SetupService(deps);
  const handlers = {
    'phone.token': () => phone.token(),
    'phone.customerLeg': (args) => phone.legs.resolve(args, deps.connection()?.client()),
    'setup.account': ({ accountSid, authToken }) => setup.setup(accountSid, authToken),
    'setup.callerId': async ({ phoneNumber }) => {
      await setup.pickCallerId(phoneNumber);
      return { phoneNumber };
    },
    'setup.readiness': () => setup.readiness(),
  } satisfies Partial<Handlers>;
  return { phone, setup, handlers };
}
