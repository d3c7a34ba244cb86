import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import type { CudaEvent } from '../../../../src/core/cuda-failure/event';
import { failureOfEvent, shellWords } from '../../../../src/core/cuda-failure/event-failure';

function event(over: Partial<CudaEvent>): CudaEvent {
  return {
    v: 1,
    ts: 1_700_000_000_000,
    pid: 4242,
    ppid: 1,
    uid: 1000,
    exe: '/usr/bin/python3.11',
    argv: ['python3', 'train.py'],
    cwd: '/home/alice/proj',
    cuda_result: 100,
    via: 'getprocaddress',
    exit_status: 1,
    ...over,
  };
}

describe('core/cuda-failure/event-failure', () => {
  it('a blocked start that failed is a blocked-host failure with its pid, time, folder and command', () => {
    assert.deepEqual(failureOfEvent(event({})), {
      kind: 'blocked-host',
      pid: 4242,
      commandLine: 'python3 train.py',
      cwd: '/home/alice/proj',
      at: 1_700_000_000_000,
    });
  });

  it('exit status 0 (a probe that carried on) is no failure; an unseen status (null) is', () => {
    assert.equal(failureOfEvent(event({ exit_status: 0 })), null);
    assert.equal(failureOfEvent(event({ exit_status: null }))?.kind, 'blocked-host');
  });

  it('another cuInit result is other-cuda, not blocked', () => {
    assert.equal(failureOfEvent(event({ cuda_result: 999 }))?.kind, 'other-cuda');
  });

  it('falls back to exe when argv is empty', () => {
    assert.equal(failureOfEvent(event({ argv: [] }))?.commandLine, '/usr/bin/python3.11');
  });

  it('quotes words so sh -c sees exactly the original argv', () => {
    const argv = ['printf', '%s|', 'a b', "it's", '$HOME', '`id`', '', 'x;y', 'plain-word_1.py'];
    const line = shellWords(argv);
    assert.equal(execFileSync('sh', ['-c', line], { encoding: 'utf8' }), "a b|it's|$HOME|`id`||x;y|plain-word_1.py|");
  });
});
