import type { SlotRenderer } from '../variants/createSlotRenderer';

const SELECTOR = '[data-seglet-show],[data-seglet-hide],template[data-seglet-variant]';
const CLASS_PREFIX = 'seglet-';

export interface Personalizer {
  /** Applies the current segments to `<html>` classes and to every personalized element. */
  apply(segments: ReadonlySet<string>): void;
  stop(): void;
}

/**
 * Keeps the page in step with the visitor's segments: a `seglet-<id>` class on `<html>` per segment,
 * `hidden` on `[data-seglet-show]` / `[data-seglet-hide]` elements, and variant slots
 * (`<template data-seglet-variant="ids">`), rendered by `seglet.variants.js`: the first variant seen asks for it
 * through `needVariants`, so pages without variants never load it. Elements added later (the parser, SPA
 * renders), and personalization attributes changed in place, are handled as they arrive, looking only at what
 * changed.
 */
export function createPersonalizer(needVariants: (ready: (render: SlotRenderer) => void) => void): Personalizer {
  const root = document.documentElement;
  let current: ReadonlySet<string> = new Set();
  let renderSlot: SlotRenderer | undefined;
  const any = (list: string | null) => !!list && list.split(/\s+/).some((id) => current.has(id));

  const update = (el: Element) => {
    if (el.localName === 'template') {
      // The first variant seen asks for the renderer; until it is there, slots render nothing (they stay prehidden).
      renderSlot ??= (needVariants((render) => ((renderSlot = render), updateWithin(root))), () => {});
      return renderSlot(el.parentElement!, any);
    }
    const show = el.getAttribute('data-seglet-show');
    (el as HTMLElement).hidden = show !== null ? !any(show) : any(el.getAttribute('data-seglet-hide'));
  };
  const updateWithin = (node: Node) => {
    if (!(node instanceof Element)) return;
    if (node.matches(SELECTOR)) update(node);
    node.querySelectorAll(SELECTOR).forEach(update);
  };
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      // An attribute changed in place (a framework reusing DOM between routes): that element, or its slot.
      if (record.type === 'attributes') updateWithin(record.target);
      else record.addedNodes.forEach(updateWithin);
    }
  });
  // `hidden` is not watched: the personalizer's own writes never call it back.
  const attributeFilter = ['data-seglet-show', 'data-seglet-hide', 'data-seglet-variant'];
  observer.observe(root, { childList: true, subtree: true, attributes: true, attributeFilter });

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
