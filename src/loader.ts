import { createInstance } from './createInstance';
import type { Seglet, SegletConfig } from './types';

/** A command pushed to `window.seglet` before or after load: `[method, ...args]`. */
type Command = [string, ...unknown[]];

/**
 * The `<script src>` entry: reads `data-*` attributes and `['config', {…}]` commands, starts seglet,
 * replays the commands queued before load in order, and keeps `push` working afterwards.
 */
function load(): void {
  const w = window as unknown as { seglet?: Command[] | Seglet };
  if (w.seglet && !Array.isArray(w.seglet)) return; // already loaded (script included twice)
  const queued = (w.seglet as Command[] | undefined) ?? [];
  // Classic scripts, `async` and `defer` included, see themselves here while they first run.
  const script = document.currentScript as HTMLScriptElement | null;
  const data = script?.dataset ?? {};
  const config: SegletConfig = {
    model: data.model,
    sync: data.sync,
    consent: data.consent as SegletConfig['consent'],
    requireConsent: data.requireConsent !== undefined && data.requireConsent !== 'false',
    debug: data.debug !== undefined && data.debug !== 'false',
  };
  for (const [name, options] of queued) if (name === 'config') Object.assign(config, options);
  const url = (file: string) => new URL(file, script?.src ?? location.href).href;
  const instance = createInstance(config, url('seglet.worker.js'), url('seglet.debug.js'));
  const run = ([name, ...args]: Command) => {
    const method = (instance as unknown as Record<string, unknown>)[name];
    if (typeof method === 'function') method(...args);
    else if (name !== 'config') console.error(`[seglet] unknown command "${name}"`);
  };
  w.seglet = Object.assign(instance, { push: (...commands: Command[]) => void commands.forEach(run) });
  queued.forEach(run);
}

load();
