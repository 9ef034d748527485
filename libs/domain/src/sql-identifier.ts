/**
 * A table or column name that goes into SQL text (names cannot be parameters), so only
 * plain lower-case identifiers pass: a typo fails at start-up, never as an injection.
 */
export function sqlIdentifier(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`Not a plain SQL identifier: ${JSON.stringify(name)}`);
  return name;
}
