// Run as an unprivileged user by errors.test.ts: prints the problem the engine scan raises as JSON.
import { isProblemError } from '../../src/core/problem';
import { connectEngine } from '../../src/host/engine';

connectEngine()
  .listDs01Containers()
  .then(
    () => console.log(JSON.stringify({ kind: 'none', message: 'the scan succeeded', fix: '' })),
    (err: unknown) => console.log(JSON.stringify(isProblemError(err) ? err.problem : { kind: 'thrown', message: String(err), fix: '' })),
  );
