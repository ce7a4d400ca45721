/**
 * Adds a passive, capturing event listener and returns the function that removes it. Passive so the
 * browser never waits on seglet before scrolling; capturing so page code that stops propagation cannot
 * hide the event.
 */
export function addListener(
  target: EventTarget,
  type: string,
  listener: (event: Event) => void,
): () => void {
  const options = { capture: true, passive: true };
  target.addEventListener(type, listener, options);
  return () => target.removeEventListener(type, listener, options);
}
