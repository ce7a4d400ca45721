import { VARIANTS_HOOK } from '../protocol';
import { createSlotRenderer, type SlotRenderer } from './createSlotRenderer';

// `seglet.variants.js`, a classic script. Each instance whose page has a variant slot queued a callback under
// VARIANTS_HOOK before adding this script (src/dom/createPersonalizer.ts): each gets a renderer of its own.
const queue = (globalThis as unknown as Record<string, ((render: SlotRenderer) => void)[] | undefined>)[VARIANTS_HOOK];
for (const ready of queue?.splice(0) ?? []) ready(createSlotRenderer());
