// The engine behind one door: connect, then ask the Engine (containers, images, events, logs, stats) in domain words.
export { connectEngine, Engine, DEFAULT_SOCKET, type EngineCall, type EngineOptions, type ListFilter, type BuildOptions } from './connect';
export { gpuHolders, type ContainerScan, type ScanOptions } from './containers';
export { type ContainerEvent, type EventSubscription, type EventLogQuery } from './events';
export { engineStatus, mapEngineError } from './errors';
export { loadUserUsage, usageFromScan, type UserUsageReport } from './user-usage';
export { type LogRequest, type LogSource, type LogStream } from './logs';
export { type ExecResult, type CommandStream } from './exec';
export { type PathStat } from './archive';
export { type ImageRecord } from './records';
