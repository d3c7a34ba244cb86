// The write side of containers, shared by the CLI and the extension: deploy, retire, list.
export { deployContainer, type DeployRequest, type DeployResult } from './deploy';
export { retireContainer, type RetireOptions, type RetireResult } from './retire';
export { STOP_GRACE_SECONDS } from './engine-calls';
export { listUserContainers, toRow, type ContainerListing, type ContainerRow } from './list';
export { addGpuActivity, type GpuActivityFields } from './gpu-activity';
export { cgroupParentEnabled, type ContainerContext } from './context';
export { resolveImage, usableImages } from './images';
export { loadActor, loadContainerContext, type Actor, type ActorOptions, type LoadOptions } from './load';
export { subscribeContainerEvents, type ContainerEvent, type EventSubscription } from '../engine/events';
export { deployWhenFree, MAX_WAIT_MS, type WaitOptions, type WaitReport, type WaitedDeploy } from './wait';
