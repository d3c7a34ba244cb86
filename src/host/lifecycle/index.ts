// Lifecycle on the real host: the files it reads, the keep-alive file through the engine, per-container views.
export { readLifecycleHostFiles, readCronFiles, DEFAULT_CRON_DIR, type LifecycleHostFiles } from './host-files';
export { readKeepAlive, writeKeepAlive, KEEP_ALIVE_PATH } from './keep-alive';
export { containerLifecycleView, lifecycleInputs, lifecycleSources, type LifecycleInputs, type LifecycleSources } from './view';
export { setKeepAlive, keepAliveMessage, type KeepAliveResult } from './keep-alive-request';
export { readStopReason, readHostAlerts, readTail, logDir, DEFAULT_LOG_DIR } from './host-notes-files';
