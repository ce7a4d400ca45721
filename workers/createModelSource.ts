import { parseModel, type Model } from '../src/engine/modelSchema';
import type { SegletError } from '../src/protocol';

/** How often the model is revalidated after start-up, unless the page says otherwise. */
export const MODEL_REFRESH_MS = 60 * 60_000;

/** The last good model as it is kept in IndexedDB, with the validator the server gave it. */
export interface CachedModel {
  model: Model;
  etag: string | null;
}

export interface ModelSource {
  /** The last good model, to keep with the visitor's state. */
  cached(): CachedModel | undefined;
  /** Revalidates now: `If-None-Match`, then a new model only if it is good. */
  refresh(): Promise<void>;
  stop(): void;
}

/**
 * Keeps the model fresh, stale-while-revalidate: the cached copy is in force from start-up; the URL is
 * revalidated at once and every `refreshMs`. A 304 keeps the copy; a good new model replaces it; a network
 * failure, a non-2xx status, malformed JSON or a model that fails validation is reported (`model_unavailable`
 * or `model_invalid`) and the last good model stays in force.
 */
export function createModelSource(options: {
  url: string;
  fetch: typeof fetch;
  cached: CachedModel | undefined;
  refreshMs: number;
  onModel: (model: Model) => void;
  fail: (error: SegletError) => void;
}): ModelSource {
  let cached = options.cached;
  let inFlight: Promise<void> | null = null;

  async function revalidate(): Promise<void> {
    const headers: Record<string, string> = cached?.etag ? { 'If-None-Match': cached.etag } : {};
    let response: Response;
    try {
      response = await options.fetch(options.url, { headers, credentials: 'same-origin', cache: 'no-cache' });
    } catch (e) {
      return options.fail({ code: 'model_unavailable', message: `model ${options.url}: ${String(e)}; keeping the last good model` });
    }
    if (response.status === 304 && cached) return;
    if (!response.ok) {
      return options.fail({ code: 'model_unavailable', message: `model ${options.url}: HTTP ${response.status}; keeping the last good model` });
    }
    let json: unknown;
    try {
      json = JSON.parse(await response.text());
    } catch (e) {
      return options.fail({ code: 'model_invalid', message: `model ${options.url} is not JSON (${String(e)}); keeping the last good model` });
    }
    const parsed = parseModel(json);
    if ('error' in parsed) {
      return options.fail({ code: 'model_invalid', message: `model ${options.url} rejected, ${parsed.error}; keeping the last good model` });
    }
    cached = { model: parsed.model, etag: response.headers.get('ETag') };
    options.onModel(parsed.model);
  }

  const refresh = () => (inFlight ??= revalidate().finally(() => (inFlight = null)));
  const timer = setInterval(() => void refresh(), options.refreshMs);
  return { cached: () => cached, refresh, stop: () => clearInterval(timer) };
}
