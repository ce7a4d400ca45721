const SELECTOR = '[data-seglet-show],[data-seglet-hide]';
const CLASS_PREFIX = 'seglet-';

export interface Personalizer {
  /** Applies the current segments to `<html>` classes and to every personalized element. */
  apply(segments: ReadonlySet<string>): void;
  stop(): void;
}

/**
 * Keeps the page in step with the visitor's segments: a `seglet-<id>` class on `<html>` per segment,
 * and `hidden` on `[data-seglet-show]` / `[data-seglet-hide]` elements. Elements added later (the
 * parser, SPA renders) are handled as they arrive, looking only inside what was added.
 */
export function createPersonalizer(): Personalizer {
  const root = document.documentElement;
  let current: ReadonlySet<string> = new Set();

  const update = (el: Element) => {
    const show = el.getAttribute('data-seglet-show');
    const hide = el.getAttribute('data-seglet-hide');
    const any = (list: string | null) => !!list && list.split(/\s+/).some((id) => current.has(id));
    (el as HTMLElement).hidden = show !== null ? !any(show) : any(hide);
  };
  const updateWithin = (node: Node) => {
    if (!(node instanceof Element)) return;
    if (node.matches(SELECTOR)) update(node);
    node.querySelectorAll(SELECTOR).forEach(update);
  };
  const observer = new MutationObserver((records) => {
    for (const record of records) record.addedNodes.forEach(updateWithin);
  });
  observer.observe(root, { childList: true, subtree: true });

  return {
    apply(segments) {
      current = segments;
      for (const name of [...root.classList]) {
        if (name.startsWith(CLASS_PREFIX) && !segments.has(name.slice(CLASS_PREFIX.length))) root.classList.remove(name);
      }
      segments.forEach((id) => root.classList.add(CLASS_PREFIX + id));
      updateWithin(root);
    },
    stop: () => observer.disconnect(),
  };
}
