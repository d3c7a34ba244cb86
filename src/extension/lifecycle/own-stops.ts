// Stops and removals the user asked for through this extension: a `die` event for one of these is not a
// surprise, so no "your container stopped" notice follows it.
const EXPECT_MS = 5 * 60_000;
const expected = new Map<string, number>();

/** Call before stopping or retiring a container by its engine name or display name. */
export function expectStop(name: string): void {
  expected.set(name, Date.now() + EXPECT_MS);
}

export function wasExpected(names: Array<string | null | undefined>): boolean {
  const now = Date.now();
  for (const [n, until] of expected) if (until < now) expected.delete(n);
  return names.some((n) => n !== null && n !== undefined && expected.has(n));
}
