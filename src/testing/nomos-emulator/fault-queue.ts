import type { EmulatorFault, FaultRoute } from './emulator.types.js';

/** Per-route FIFO of injected faults; each queued entry answers exactly one request. */
export class FaultQueue {
  private readonly queues: Record<FaultRoute, EmulatorFault[]> = { token: [], mint: [], customers: [] };

  /** Queues `fault` for the next `times` requests to `route`. */
  push(route: FaultRoute, fault: EmulatorFault, times: number): void {
    if (!Number.isInteger(times) || times < 1)
      throw new Error(`injectFault: times must be a positive integer, got ${times}`);
    if (!('hang' in fault) && (!Number.isInteger(fault.status) || fault.status < 100 || fault.status > 599)) {
      throw new Error(`injectFault: status must be an HTTP status code, got ${String(fault.status)}`);
    }
    for (let i = 0; i < times; i++) this.queues[route].push(fault);
  }

  /** Takes the fault for this request, if one is queued. */
  take(route: FaultRoute): EmulatorFault | undefined {
    return this.queues[route].shift();
  }

  /** Drops every queued fault. */
  clear(): void {
    for (const queue of Object.values(this.queues)) queue.length = 0;
  }
}
