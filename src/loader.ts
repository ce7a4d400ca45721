import { createInstance } from './createInstance';
import { withIntegrations } from './integrations/withIntegrations';
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
  // A boolean attribute is on when present, unless it says "false".
  const flag = (value?: string) => value !== undefined && value !== 'false';
  const config: SegletConfig = {
    model: data.model,
    sync: data.sync,
    consent: data.consent as SegletConfig['consent'],
    requireConsent: flag(data.requireConsent),
    debug: flag(data.debug),
    dataLayer: flag(data.datalayer),
  };
  for (const [name, options] of queued) if (name === 'config') Object.assign(config, options);
  const url = (file: string) => new URL(`seglet.${file}.js`, script?.src ?? location.href).href;
  const instance = withIntegrations(createInstance(config, url('worker'), url('debug')), config, url('integrations'));
  const run = ([name, ...args]: Command) => {
    const method = (instance as unknown as Record<string, unknown>)[name];
    if (typeof method === 'function') method(...args);
    else if (name !== 'config') console.error(`[seglet] unknown command "${name}"`);
  };
  w.seglet = Object.assign(instance, { push: (...commands: Command[]) => void commands.forEach(run) });
  queued.forEach(run);
}

load();
