// What outsiders may use of this folder: import it from here, not from its files.
export { FaultInjector } from './fault-injector';
export { type FaultPlan, FaultPlanSchema } from './fault-plan';
export { installRestFaults } from './rest-faults';
