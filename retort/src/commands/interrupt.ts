// What cli/ may do about a run in flight when a signal arrives: the state lives in the
// runtime (runtime/interrupt.ts), next to the sessions and the sink that honour it.
export { cancellableSessions, interrupt, interruptedBy } from "../runtime/interrupt.js";
