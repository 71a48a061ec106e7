import type { PhoneReport } from '@shared/api';
import { phoneHandlers } from './handlers';
import { PhoneService } from './phone-service';
import { SetupService, type SetupDeps } from './setup-service';

export { PhoneService, type PhoneDeps } from './phone-service';
export { SetupService, type SetupDeps } from './setup-service';
export { phoneHandlers } from './handlers';

/** The softphone and setup services, and their commands for createCore to spread in. */
export function createPhone(deps: SetupDeps, onReport: (report: PhoneReport) => void = () => undefined) {
  const phone = new PhoneService(deps);
  const setup = new SetupService(deps);
  return { phone, setup, handlers: phoneHandlers(phone, setup, deps, onReport) };
}
