import type { CallbackFaults, FaultPlan, RestFault, RestOperation } from './fault-plan';
import { FaultPlanSchema, seededRandom } from './fault-plan';

/** The live fault plan: which REST request fails how, and how callbacks misbehave; seeded for replay. */
export class FaultInjector {
  private plan: FaultPlan = {};
  private used = new Map<RestFault, number>();
  random: () => number = seededRandom(1);

  constructor(plan: FaultPlan = {}) {
    this.set(plan);
  }

  /** Replaces the plan, resetting `times` counters and the random sequence. */
  set(plan: FaultPlan): void {
    this.plan = FaultPlanSchema.parse(plan);
    this.used = new Map();
    this.random = seededRandom(this.plan.seed ?? 1);
  }

  /** The fault to apply to this request, if any; each use counts against the fault's `times`. */
  takeRestFault(operation: RestOperation, callSid: string | undefined): RestFault | undefined {
    for (const fault of this.plan.rest ?? []) {
      if (fault.match !== operation || (fault.callSid && fault.callSid !== callSid)) continue;
      const used = this.used.get(fault) ?? 0;
      if (fault.times !== undefined && used >= fault.times) continue;
      this.used.set(fault, used + 1);
      return fault;
    }
    return undefined;
  }

  /** Callback faults for a call: its own entry, else the run's. */
  callbackFaults(callSid: string): CallbackFaults {
    return this.plan.calls?.[callSid]?.callbacks ?? this.plan.callbacks ?? {};
  }
}
