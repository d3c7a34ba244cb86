// Dev Containers on DS01: the check of a devcontainer.json and the one `devcontainer init` writes.
export { checkDevcontainer, CONTAINER_HOME, HOME_MOUNT } from './check';
export { positionAt, type Span } from './document';
export { applyEdit, type TextEdit } from './edits';
export type { CheckContext, Finding, FindingCode, GpuCap, QuickFix, Severity } from './finding';
export {
  defaultGpus,
  devcontainerText,
  DEFAULT_FRAMEWORK,
  dockerSize,
  FRAMEWORK_IMAGES,
  gpuCounts,
  gpuRequestProblem,
  projectName,
  quotaNote,
  type DevcontainerChoices,
} from './init';
