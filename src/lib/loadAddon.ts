/**
 * Adds one of seglet's optional scripts (the debug overlay, the integrations) to the page, with what it needs
 * from this instance. The script drains `window[hook]` when it runs; one that loads twice (two instances) finds
 * the queue empty the second time. Only instances configured for the script call this, so it costs the page
 * nothing otherwise.
 *
 * @example
 * loadAddon(debugUrl, DEBUG_HOOK, [call, emitter.on]);
 */
export function loadAddon(url: string, hook: string, entry: unknown): void {
  ((window as unknown as Record<string, unknown[]>)[hook] ||= []).push(entry);
  const script = document.createElement('script');
  script.src = url;
  document.head.append(script);
}
