// What the host CUDA failure tests share: the expected "blocked" notification, a real PyTorch traceback, and
// collecting the notifications the extension shows while something runs.
import * as vscode from 'vscode';
import type { ShownFailureNotice } from '../../../src/extension/cuda-failure/sighting';
import type { Ds01TestApi } from '../../../src/extension/test-api';

export const BLOCKED = /^GPU compute is blocked on this host; it runs inside containers\. You have \d+ of \d+ GPUs free\.$/;
export const ACTIONS = ['Deploy Container', 'Show My Limits', "Don't Show Again"];
// A real PyTorch traceback (test/fixtures/cuda-failures/pytorch/no-cuda-gpus.txt) whose user frame is train.py line 3.
export const TRACEBACK = [
  'Traceback (most recent call last):',
  '  File "train.py", line 3, in <module>',
  '    device = torch.device("cuda")',
  '  File "/home/alice/.local/lib/python3.8/site-packages/torch/cuda/__init__.py", line 293, in _lazy_init',
  '    torch._C._cuda_init()',
  'RuntimeError: No CUDA GPUs are available',
  '',
].join('\n');

export function workspaceDir(): string {
  return vscode.workspace.workspaceFolders![0].uri.fsPath;
}

/** Notices shown while `act` runs and for `settleMs` after (bursts close on a timer-free end of output). */
export async function noticesDuring(ds01: Ds01TestApi, act: () => Promise<unknown>, settleMs = 2500): Promise<ShownFailureNotice[]> {
  const seen: ShownFailureNotice[] = [];
  const sub = ds01.failures.onDidShow((n) => seen.push(n));
  try {
    await act();
    await new Promise((r) => setTimeout(r, settleMs));
  } finally {
    sub.dispose();
  }
  return seen;
}
