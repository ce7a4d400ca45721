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
  for (const command of queued) {
    try {
      if (Array.isArray(command) && command[0] === 'config') Object.assign(config, command[1]);
    } catch (e) {
      console.error('[seglet] not a command:', e); // a config that cannot be read: the rest of the page's still applies
    }
  }
  const url = (file: string) => new URL(`seglet.${file}.js`, script?.src ?? location.href).href;
  const instance = createInstance(config, url);
  // A command is the page's to get wrong (not an array, an unknown name): it is reported, never thrown.
  const run = (command: Command) => {
    try {
      const [name, ...args] = command;
      const method = (instance as unknown as Record<string, unknown>)[name];
      if (typeof method === 'function') method(...args);
      else if (name !== 'config') throw 0;
    } catch {
      console.error('[seglet] not a command:', typeof command);
    }
  };
  w.seglet = Object.assign(instance, { push: (...commands: Command[]) => void commands.forEach(run) });
  queued.forEach(run);
}

load();
