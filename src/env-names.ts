/**
 * The environment variables a `…FromEnv(env)` reader looks at, found by running it once on an empty
 * environment that records every name asked for. So the list is the reader's own and cannot drift
 * from it when a variable is added (a check like the example's "unknown SAML_* variable" relies on
 * that). A name the reader would read only once another one is set is missed: readers here read
 * every name unconditionally, and the specs check the lists.
 */
export function envNamesReadBy(reader: (env: Record<string, string | undefined>) => unknown): string[] {
  const names = new Set<string>();
  const recording = new Proxy({} as Record<string, string | undefined>, {
    get(_target, name) {
      if (typeof name === 'string') names.add(name);
      return undefined;
    },
  });
  try {
    reader(recording);
  } catch {
    // A reader may refuse an empty environment; the names it asked for until then still count.
  }
  return [...names].sort();
}
