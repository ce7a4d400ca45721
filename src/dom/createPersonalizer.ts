const SELECTOR = '[data-seglet-show],[data-seglet-hide],template[data-seglet-variant]';
const CLASS_PREFIX = 'seglet-';

export interface Personalizer {
  /** Applies the current segments to `<html>` classes and to every personalized element. */
  apply(segments: ReadonlySet<string>): void;
  stop(): void;
}

/**
 * Keeps the page in step with the visitor's segments: a `seglet-<id>` class on `<html>` per segment,
 * `hidden` on `[data-seglet-show]` / `[data-seglet-hide]` elements, and variant slots: the first
 * `<template data-seglet-variant="ids">` of a slot whose segment the visitor is in is rendered in place of the
 * slot's other element children, which come back when none applies. Only the page's own templates are ever
 * cloned: no HTML from the network is injected. Elements added later (the parser, SPA renders), and
 * personalization attributes changed in place, are handled as they arrive, looking only at what changed.
 */
export function createPersonalizer(): Personalizer {
  const root = document.documentElement;
  let current: ReadonlySet<string> = new Set();
  /** What each slot renders now: the template in force, and the nodes cloned from it. */
  const rendered = new WeakMap<Element, { template: Element | null; nodes: Node[] }>();
  const any = (list: string | null) => !!list && list.split(/\s+/).some((id) => current.has(id));

  const renderSlot = (slot: Element) => {
    const templates = [...slot.children].filter((c) => c.matches('template[data-seglet-variant]')) as HTMLTemplateElement[];
    const chosen = templates.find((t) => any(t.getAttribute('data-seglet-variant'))) ?? null;
    const was = rendered.get(slot) ?? { template: null, nodes: [] };
    if (was.template === chosen) return;
    was.nodes.forEach((node) => node.parentNode === slot && slot.removeChild(node));
    for (const child of slot.children) {
      if (child instanceof HTMLElement && !(child instanceof HTMLTemplateElement)) child.hidden = !!chosen;
    }
    const nodes = chosen ? [...chosen.content.cloneNode(true).childNodes] : [];
    slot.prepend(...nodes);
    rendered.set(slot, { template: chosen, nodes });
  };
  const update = (el: Element) => {
    if (el.localName === 'template') return renderSlot(el.parentElement!);
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
