// `ds01 container logs NAME [--follow] [--since T] [--tail N]`: the container's stdout to stdout and its
// stderr to stderr, as `docker logs` does; CUDA failures in it and, for a stopped container, why it stopped
// go to stderr after. --follow ends with Ctrl-C (exit 0) or when the container stops.
import { parseSince, parseTail } from '../../core/container-logs/request';
import { openOwnLogs, stopNoteNow } from '../../host/container-logs/own-logs';
import { loadActor } from '../../host/containers';
import { CONFIG_OPTION, USER_OPTION, singleName } from '../args';
import { defineCommand } from '../command';
import { paint } from '../render';

export const containerLogs = defineCommand({
  usage: 'ds01 container logs NAME [--follow] [--since T] [--tail N]',
  options: { ...USER_OPTION, ...CONFIG_OPTION, follow: { type: 'boolean', short: 'f' }, since: { type: 'string' }, tail: { type: 'string' } },
  async run(args) {
    const name = singleName(args.positionals, 'logs');
    const now = new Date();
    const since = args.flags.since;
    const tail = args.flags.tail;
    const request = {
      follow: args.flags.follow === true,
      since: since === undefined ? undefined : parseSince(since, now),
      tail: tail === undefined ? undefined : parseTail(tail),
    };
    const ctx = loadActor({ configFile: args.flags.config, user: args.flags.user, action: 'read the logs of a container of' });
    const logs = await openOwnLogs(
      ctx.engine,
      ctx.user,
      name,
      request,
      {
        line: (source, text) => (source === 'stdout' ? process.stdout : process.stderr).write(`${text}\n`),
        failure: (f, advice) =>
          process.stderr.write(
            `${paint(`ds01: ${f.kind} (${f.framework}), log line ${f.lineNumber}:`, 'red', process.stderr)} ${f.message}\n  ${advice.explanation}\n  ${paint(`Next: ${advice.next}`, 'bold', process.stderr)}\n`,
          ),
      },
      process.env,
      now,
    );
    const interrupt = () => logs.stop();
    process.once('SIGINT', interrupt);
    try {
      await logs.done;
    } finally {
      process.removeListener('SIGINT', interrupt);
    }
    const note = request.follow ? await stopNoteNow(ctx.engine, logs.container).catch(() => null) : logs.stopNote;
    if (note) process.stderr.write(`${paint(`ds01: ${note}`, 'yellow', process.stderr)}\n`);
    return 0;
  },
});
