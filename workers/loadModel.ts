import { SIGNALS, type SignalName } from '../src/engine/features/sessionSignals';

/** The parts of a model the engine uses so far: its rules and its engagement weights. */
export interface ModelParts {
  rules: unknown[];
  weights?: Partial<Record<SignalName, number>>;
}

/** Checks the parts of a parsed model the engine uses; throws with a clear reason. */
export function readModel(model: unknown): ModelParts {
  if (!model || typeof model !== 'object' || Array.isArray(model)) throw new Error('the model must be a JSON object');
  const { rules = [], weights } = model as { rules?: unknown; weights?: unknown };
  if (!Array.isArray(rules)) throw new Error('"rules" must be an array');
  if (weights === undefined) return { rules };
  if (!weights || typeof weights !== 'object' || Array.isArray(weights)) throw new Error('"weights" must be an object');
  for (const [key, value] of Object.entries(weights)) {
    if (!(SIGNALS as readonly string[]).includes(key)) throw new Error(`"weights.${key}" is not a signal (${SIGNALS.join(', ')})`);
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`"weights.${key}" must be a finite number`);
  }
  return { rules, weights: weights as ModelParts['weights'] };
}

/**
 * Fetches the model. Rejects with a clear reason on a network failure, a non-2xx status, malformed JSON
 * or a wrong shape; the caller keeps the model it has.
 */
export async function loadModel(fetchFn: typeof fetch, url: string): Promise<ModelParts> {
  const response = await fetchFn(url, { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return readModel(await response.json());
}
