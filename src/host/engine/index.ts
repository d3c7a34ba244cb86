// The engine's read side: connect, scan containers, follow events, a user's usage.
export { connectEngine, Engine, DEFAULT_SOCKET, type EngineCall, type EngineOptions } from './connect';
export { scanContainers, listDs01Containers, gpuHolders, type ContainerScan, type ScanOptions } from './containers';
export { subscribeContainerEvents, type ContainerEvent, type EventSubscription } from './events';
export { engineStatus, mapEngineError } from './errors';
export { loadUserUsage, usageFromScan, type UserUsageReport } from './user-usage';
export { FileInspectCache, MemoryInspectCache, type InspectCache } from './inspect-cache';
export { streamLogs, type LogRequest, type LogSource, type LogStream } from './logs';
export { readRunState, type RunState } from './run-state';
export { pauseContainer, unpauseContainer, pauseEvents } from './pause';
export { statsOnce, statsStream } from './stats';
