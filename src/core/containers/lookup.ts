// Which container a NAME given by a user means, and whether they may act on it (SPEC.md §5: only your
// own; protected containers are off limits to everyone).
import { hostContainerName, normalizeContainerName, OWNER_SEPARATOR } from './name';
import type { Ds01Container, UserAsOwner } from '../model';
import { claimText, countsFor, ownedBy } from './ownership';
import { problem } from '../problem';

/**
 * Accepts the display name (`my-project`) or the host name (`my-project._.1000`). Throws a ProblemError:
 * invalid-name, not-found, not-owner, protected, or usage when the name is ambiguous.
 */
export function findOwnContainer(containers: Ds01Container[], input: string, user: UserAsOwner): Ds01Container {
  const trimmed = input.trim();
  let matches = containers.filter((c) => c.name === trimmed);
  let shown = trimmed;
  const byName = (name: string) => {
    const own = user.uid === null ? null : hostContainerName(name, user.uid);
    return containers.filter((c) => c.name === trimmed || c.name === name || c.name === own || c.displayName === name);
  };
  if (trimmed.includes(OWNER_SEPARATOR)) {
    if (matches.length === 0) {
      // A full host name that is not there is "not found", not an invalid name.
      if (/^[a-z0-9][a-z0-9_.-]*$/.test(trimmed)) throw notFound(trimmed);
      shown = normalizeContainerName(trimmed);
      matches = byName(shown);
    }
  } else {
    // Always look for the user's own `NAME._.<uid>` too: a container anyone may name exactly `proj` (and label
    // ds01.user=<you>) must not hide it (issue 24). A name only an exact match made valid stays that match.
    const name = matches.length === 0 ? normalizeContainerName(trimmed) : validName(trimmed);
    if (name !== null) {
      shown = name;
      matches = byName(name);
    }
  }
  if (matches.length === 0) throw notFound(shown);

  // Proof by uid (the `._.<uid>` name, a numeric Config.User) before a label anyone can write.
  const proven = matches.filter((c) => user.uid !== null && c.ownerUid === user.uid);
  const mine = proven.length > 0 ? proven : matches.filter((c) => ownedBy(c, user));
  const candidates = mine.length > 0 ? mine : matches;
  const target = candidates.length === 1 ? candidates[0] : pickExact(candidates, shown, user);
  if (target.protected) {
    throw problem(
      'protected',
      `Container ${target.name} is protected (ds01.protected=true) and cannot be retired by anyone here.`,
      'Ask an administrator if it really has to go.',
    );
  }
  if (!ownedBy(target, user)) {
    if (countsFor(target, user) && target.claim) {
      throw problem(
        'not-owner',
        `Container ${target.name} counts for you only from its ${claimText(target.claim)}, which anyone can write; it is not proven yours.`,
        'Act on it with docker directly if it is yours, or ask an administrator; ds01 acts only on containers proven yours (name._.<uid>, ds01.user).',
      );
    }
    // The uid decides before the label (issue 15): say so when the two disagree, not "belongs to root, not to root".
    const owner =
      target.ownerUid != null && target.owner === user.name ? `uid ${target.ownerUid} (its label says ${target.owner})` : (target.owner ?? 'nobody known');
    throw problem(
      'not-owner',
      `Container ${target.name} belongs to ${owner}, not to ${user.name}.`,
      'You can only retire your own containers; see yours with: ds01 container list --all',
    );
  }
  return target;
}

function validName(input: string): string | null {
  try {
    return normalizeContainerName(input);
  } catch {
    return null;
  }
}

function pickExact(candidates: Ds01Container[], name: string, user: UserAsOwner): Ds01Container {
  const exact = candidates.find((c) => c.name === name || (user.uid !== null && c.name === hostContainerName(name, user.uid)));
  if (exact) return exact;
  throw problem(
    'usage',
    `The name ${name} matches ${candidates.length} containers: ${candidates.map((c) => c.name).join(', ')}.`,
    'Give the full container name as ds01 container list --all shows it.',
  );
}

function notFound(name: string) {
  return problem('not-found', `No container named ${name} exists.`, 'See your containers with: ds01 container list --all');
}
