/**
 * Renders variant slots (`seglet.variants.js`): in a slot, the first `<template data-seglet-variant="ids">` whose
 * segments the visitor is in (as `any(ids)` says) is rendered in place of the slot's other element children,
 * which come back when none applies. Only the page's own templates are ever cloned: no HTML from the network is
 * injected. The renderer remembers what each slot shows, so rendering a slot again with the same answer is free.
 */
export type SlotRenderer = (slot: Element, any: (ids: string | null) => boolean) => void;

/** Builds a slot renderer with its own memory of what each slot renders now. */
export function createSlotRenderer(): SlotRenderer {
  /** What each slot renders now: the template in force, and the nodes cloned from it. */
  const rendered = new WeakMap<Element, { template: Element | null; nodes: Node[] }>();
  return (slot, any) => {
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
}
