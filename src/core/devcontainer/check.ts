// The check of one devcontainer.json for DS01: what the host's `devcontainer check` checks (image, GPU request,
// shutdownAction, home mount) and what DS01 would refuse or regret (more GPUs than the per-container cap, GPUs
// taken around the allocator, no --user, privileged or host namespaces, binds outside the home). Pure: the
// text and the user's context in, findings out; `ds01 devcontainer check` and the editor show the same ones.
import { keySpan, propertySpan, readDocument, rootSpan, spanOf, stringValue, valueAt, type DevcontainerDocument } from './document';
import { editFor, type Change } from './edits';
import { finding, SEVERITY_ORDER, type CheckContext, type Finding, type QuickFix } from './finding';
import { bindMounts, isInside, normalize } from './mounts';
import { appendRunArgs, readRunArgs, removeFlag, runArgsSpan, setFlagValue, type RunFlag } from './run-args';
import { gpuFindings } from './gpu-findings';

export const HOME_MOUNT = 'source=${localEnv:HOME},target=/home/${localEnv:USER},type=bind';
export const CONTAINER_HOME = '/home/${localEnv:USER}';

export function checkDevcontainer(text: string, context: CheckContext): Finding[] {
  const doc = readDocument(text);
  const findings = doc.errors.map((e) =>
    finding(
      'invalid-jsonc',
      'error',
      `devcontainer.json is not valid JSONC: ${e.what}.`,
      'Fix the syntax here; comments and trailing commas are allowed.',
      e.span,
    ),
  );
  // While the text does not parse, the tree is a guess: the syntax alone is reported.
  if (findings.length > 0) return findings;
  if (!doc.root || doc.root.type !== 'object') {
    findings.push(
      finding(
        'not-an-object',
        'error',
        'devcontainer.json must hold one object ({ ... }).',
        'Start from `ds01 devcontainer init`.',
        doc.root ? spanOf(doc.root) : rootSpan(doc),
      ),
    );
    return findings;
  }
  const runArgs = valueAt(doc, 'runArgs');
  const flags = readRunArgs(runArgs);
  const at = (changes: Change[], title: string): QuickFix => ({ title, edit: editFor(text, changes) });
  findings.push(
    ...imageFindings(doc, context),
    ...gpuFindings(doc, flags, context, at),
    ...shutdownFindings(doc, at),
    ...userFindings(doc, flags, context, at),
    ...isolationFindings(doc, flags, at),
    ...mountFindings(doc, flags, context, at),
  );
  return findings.sort((a, b) => a.span.offset - b.span.offset || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
}

const ML_IMAGE = /pytorch|tensorflow|nvcr\.io|nvidia\/cuda/;
const OWN_IMAGE = /^ds01-\d+\//;

function imageFindings(doc: DevcontainerDocument, context: CheckContext): Finding[] {
  const imageNode = valueAt(doc, 'image');
  const image = stringValue(imageNode);
  if (image !== null && imageNode) {
    const known = OWN_IMAGE.test(image) || ML_IMAGE.test(image) || (context.catalog !== null && image !== '' && context.catalog.includes(image));
    return known
      ? []
      : [
          finding(
            'image-not-ml',
            'warning',
            `"image": ${image} is neither from the AIME catalog nor an ML framework image: it may lack CUDA and DS01's set-up.`,
            'Use a framework image (ds01 devcontainer init picks one), or your own ds01-<uid>/<project> image.',
            spanOf(imageNode),
          ),
        ];
  }
  const compose = valueAt(doc, 'dockerComposeFile');
  if (compose) {
    return [
      finding(
        'compose-not-checked',
        'info',
        'A Docker Compose set-up: its GPU requests and mounts are in the compose file, which DS01 does not check here.',
        "Check the compose file's deploy.resources and volumes by hand.",
        keySpan(compose),
      ),
    ];
  }
  const build = valueAt(doc, 'build', 'dockerfile') ?? valueAt(doc, 'dockerFile');
  if (build) return [];
  return [
    finding(
      'no-image',
      'error',
      'No "image", "build.dockerfile" or "dockerComposeFile": Dev Containers has nothing to run.',
      'Add "image": "<image>" (ds01 devcontainer init writes one), or "build": { "dockerfile": "../Dockerfile" }.',
      rootSpan(doc),
    ),
  ];
}

function shutdownFindings(doc: DevcontainerDocument, at: (c: Change[], t: string) => QuickFix): Finding[] {
  const node = valueAt(doc, 'shutdownAction');
  const fix = at([{ path: ['shutdownAction'], value: 'stopContainer' }], 'Set "shutdownAction": "stopContainer"');
  if (!node) {
    // Dev Containers' own default for image and Dockerfile set-ups is stopContainer; DS01's check asks for it in writing.
    return [
      finding(
        'no-shutdown-action',
        'info',
        '"shutdownAction" is not set: the container stops when VS Code closes only by Dev Containers\' default.',
        'Set "shutdownAction": "stopContainer", as DS01 writes it.',
        rootSpan(doc),
        fix,
      ),
    ];
  }
  const value = stringValue(node);
  if (value === 'stopContainer' || value === 'stopCompose') return [];
  return [
    finding(
      'shutdown-keeps-running',
      'warning',
      `"shutdownAction": ${JSON.stringify(value ?? DEFAULT_TEXT)} keeps the container, and any GPU it holds, running after VS Code closes.`,
      'Set "shutdownAction": "stopContainer" so closing VS Code releases the GPU.',
      spanOf(node),
      fix,
    ),
  ];
}
const DEFAULT_TEXT = '(not a string)';

function userFindings(doc: DevcontainerDocument, flags: RunFlag[], context: CheckContext, at: (c: Change[], t: string) => QuickFix): Finding[] {
  const ids = context.uid !== null && context.gid !== null ? `${context.uid}:${context.gid}` : null;
  const users = flags.filter((f) => f.name === '--user' && !f.spaced);
  if (users.length === 0 && !valueAt(doc, 'containerUser')) {
    return [
      finding(
        'no-user',
        'warning',
        'runArgs has no "--user": the container runs as the image\'s user (often root), and files it writes in your folders are not yours.',
        `Add "--user", "${ids ?? '<uid>:<gid>'}" to runArgs.`,
        runArgsSpan(doc),
        ids ? at(appendRunArgs(doc, ['--user', ids]), `Run as you (--user ${ids})`) : null,
      ),
    ];
  }
  const found: Finding[] = [];
  for (const flag of users) {
    const who = (flag.value ?? '').split(':')[0];
    const uid = who === 'root' ? 0 : /^\d+$/.test(who) ? Number(who) : null;
    // A name other than root is the image's to resolve: it cannot be told here.
    const notYou = uid !== null && uid !== (context.uid ?? -1);
    if (notYou) {
      found.push(
        finding(
          'user-not-you',
          'warning',
          `"--user ${flag.value}" runs the container as ${uid === 0 ? 'root' : `uid ${uid}`}, not as you: files it writes in your home are not yours.`,
          `Use "--user", "${ids ?? '<uid>:<gid>'}".`,
          flag.span,
          ids ? at(setFlagValue(flag, ids), `Run as you (--user ${ids})`) : null,
        ),
      );
    }
  }
  const numeric = users.some((f) => /^\d+(:\d+)?$/.test(f.value ?? ''));
  if (numeric && !valueAt(doc, 'containerEnv', 'HOME')) {
    const env = valueAt(doc, 'containerEnv');
    found.push(
      finding(
        'no-home-env',
        'warning',
        'A numeric --user with no containerEnv HOME: the image knows no such user, HOME is "/" and VS Code\'s server cannot write there.',
        `Set containerEnv "HOME": "${CONTAINER_HOME}".`,
        env ? keySpan(env) : users[0].span,
        at([{ path: ['containerEnv', 'HOME'], value: CONTAINER_HOME }], `Set containerEnv HOME to ${CONTAINER_HOME}`),
      ),
    );
  }
  return found;
}

const NAMESPACE_FLAGS = ['--network', '--ipc', '--pid', '--uts'];

function isolationFindings(doc: DevcontainerDocument, flags: RunFlag[], at: (c: Change[], t: string) => QuickFix): Finding[] {
  const found: Finding[] = [];
  for (const flag of flags) {
    if (flag.spaced) {
      const name = rawHead(flag);
      const value = flag.value ?? '';
      found.push(
        finding(
          'spaced-run-arg',
          'error',
          `runArgs entry "${name} ${value}" is one word to docker, which refuses it as an unknown flag.`,
          `Write it as two entries: "${name}", "${value}".`,
          flag.span,
          at(
            [
              { path: ['runArgs', flag.index], value: name },
              { path: ['runArgs'], insertAt: flag.index + 1, values: [value] },
            ],
            `Split into "${name}", "${value}"`,
          ),
        ),
      );
    } else if (flag.name === '--privileged' && (flag.value === null || flag.value === 'true')) {
      found.push(
        finding(
          'privileged',
          'error',
          '"--privileged" gives the container every device of the host, all GPUs included, around DS01\'s allocation.',
          'Remove it; ask the DS01 admins for the one capability you need.',
          flag.span,
          at(removeFlag(flag), 'Remove --privileged'),
        ),
      );
    } else if (NAMESPACE_FLAGS.includes(flag.name) && flag.value === 'host') {
      const what =
        flag.name === '--network'
          ? "the host's network (ports shared with every user)"
          : `the host's ${flag.name.slice(2)} namespace, shared with every user's processes`;
      found.push(
        finding(
          'host-namespace',
          'error',
          `"${flag.name} host" puts the container in ${what}; DS01 keeps containers apart.`,
          `Remove it${flag.name === '--network' ? '; forward ports with "forwardPorts" instead' : ''}.`,
          flag.span,
          at(removeFlag(flag), `Remove ${flag.name} host`),
        ),
      );
    }
  }
  const privileged = valueAt(doc, 'privileged');
  if (privileged?.value === true) {
    found.push(
      finding(
        'privileged',
        'error',
        '"privileged": true gives the container every device of the host, all GPUs included, around DS01\'s allocation.',
        'Remove it.',
        propertySpan(privileged),
        at([{ path: ['privileged'], value: undefined }], 'Remove "privileged"'),
      ),
    );
  }
  return found;
}

/** The flag as the user spelled it ("-u" stays "-u"), from a one-element spaced entry. */
function rawHead(flag: RunFlag): string {
  const text = (flag.valueNode?.value as string | undefined)?.trim() ?? flag.name;
  return text.slice(0, text.search(/\s/));
}

function mountFindings(doc: DevcontainerDocument, flags: RunFlag[], context: CheckContext, at: (c: Change[], t: string) => QuickFix): Finding[] {
  const mounts = valueAt(doc, 'mounts');
  const binds = bindMounts(mounts, valueAt(doc, 'workspaceMount'), flags, context);
  const home = normalize(context.home);
  const found = binds
    .filter((b) => b.source !== null && !isInside(b.source, home))
    .map((b) =>
      finding(
        'mount-outside-home',
        'warning',
        `Bind mount of ${b.source} is outside your home (${home}): other users' or the host's files, which DS01 does not share into containers.`,
        'Mount folders of your home only; copy shared data sets into it or ask for a data volume.',
        b.span,
      ),
    );
  // The host's check: some mount that names the home (its text has HOME or /home/).
  const homeNamed =
    (mounts?.children ?? []).some((m) => /HOME|\/home\//.test(doc.text.slice(m.offset, m.offset + m.length))) || binds.some((b) => b.source === home);
  if (!homeNamed) {
    const changes: Change[] =
      mounts?.type === 'array'
        ? [{ path: ['mounts'], insertAt: mounts.children?.length ?? 0, values: [HOME_MOUNT] }]
        : [{ path: ['mounts'], value: [HOME_MOUNT] }];
    found.push(
      finding(
        'no-home-mount',
        'info',
        'Your home is not mounted: only the project folder persists; anything else written in the container is lost with it.',
        `Add "${HOME_MOUNT}" to mounts.`,
        mounts ? keySpan(mounts) : rootSpan(doc),
        at(changes, 'Mount your home'),
      ),
    );
  }
  return found;
}
