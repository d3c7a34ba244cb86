// The engine behind one door: connect, then ask the Engine (containers, images, events, logs, stats) in domain words.
export { connectEngine, Engine, type EngineCall, type EngineOptions } from './connect';
export { gpuHolders, type ContainerScan } from './containers';
export { type ContainerEvent, type EventSubscription } from './events';
export { mapEngineError } from './errors';
export { loadUserUsage, usageFromScan, type UserUsageReport } from './user-usage';
export { type LogSource } from './logs';
