export { CudaFailureRecognizer, recognizeText } from './recognizer';
export { explainFailure, type FailureAdvice } from './advice';
export type { CudaFailure, CudaFailureKind, CudaFramework, RecognizerOptions, TracebackFrame } from './types';
export { userFrame } from './user-frame';
export { cellFrame, deepestCellFrame, notebookErrorText, type CellFrame } from './notebook-cell';
