// A user's images, shared by the CLI and the extension: build, list, remove, and project launch.
export { buildProjectImage, imageId, type BuildRequest, type BuildResult } from './build';
export { DEFAULT_MAX_CONTEXT_MIB, readBuildContext, type BuildContext } from './context';
export { listUserImages, removeUserImage, type ImageRow, type RemovedImage } from './list';
export { launchProject, projectState, type LaunchHooks, type LaunchRequest, type LaunchResult, type ProjectState } from './launch';
export { writeProjectDockerfile, type WrittenDockerfile } from './write-dockerfile';
