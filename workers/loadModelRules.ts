/**
 * Fetches the model and returns its rules. Rejects with a clear reason on a network failure, a non-2xx
 * status or malformed JSON; the caller keeps the rules it has.
 */
export async function loadModelRules(fetchFn: typeof fetch, url: string): Promise<unknown[]> {
  const response = await fetchFn(url, { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const model: unknown = await response.json();
  const rules = (model as { rules?: unknown })?.rules;
  if (rules !== undefined && !Array.isArray(rules)) throw new Error('"rules" must be an array');
  return (rules as unknown[] | undefined) ?? [];
}
