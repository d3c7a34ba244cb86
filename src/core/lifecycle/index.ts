// Public face of the lifecycle model: what the host's enforcement will do to a container, and when.
export { hostContainerType, hostOwner, releaseStaleInterface, stateReaderInterface, hostSeesGpu } from './classify';
export { parseExemptions, checkExemption, type Exemptions, type ExemptionStatus, type EnforcementType } from './exemptions';
export { parseHostSchedule, nextRun, cronMinutes, UNKNOWN_SCHEDULE, ENFORCEMENT_SCRIPTS, type HostSchedule } from './schedule';
export {
  containerLifecycle,
  idleDetection,
  idleTimeoutFor,
  maxRuntimeFor,
  KEEP_ALIVE_SECONDS,
  type Lifecycle,
  type LifecycleEvent,
  type LifecycleEventKind,
  type LifecycleRules,
  type LifecycleView,
  type KeepAlive,
  type IdleDetection,
} from './model';
export { nextText, explain, formatClock, timeLeft, whenText, removalText, removalSentence, removalOf, keepAliveSharedNote } from './describe';
export { formatDuration } from './duration';
export { stopReason, parseAlerts, type StopReason, type HostAlert } from './host-notes';
