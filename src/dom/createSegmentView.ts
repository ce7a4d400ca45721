import type { SegmentChange } from '../engine/types';
import type { Consent } from '../protocol';
import type { SegletEvents } from '../types';
import type { SlotRenderer } from '../variants/createSlotRenderer';
import { createPersonalizer } from './createPersonalizer';
import { isSegmentId } from './isSegmentId';
import { readSegmentCache, writeSegmentCache } from './segmentCache';

/** What the engine says of the visitor: their segments, cluster and control groups, as of `at`. */
export type EngineSegments = Pick<SegmentChange, 'segments' | 'cluster' | 'holdouts' | 'at'>;

/** The tab's view of the visitor's segments: what listeners, `has()` and the page see. */
export interface SegmentView {
  /** Takes the engine's segments (the last ones again when called without), adds forced ones, and applies them. */
  show(engine?: EngineSegments): void;
  /** Forces segments on this tab for QA (none with `[]`). */
  force(ids: string[]): void;
  /** Takes a consent decision, made here or in another tab: only with consent do the caches keep segments. */
  setConsent(state: Consent): void;
  getConsent(): Consent;
  /** Empties the caches at once (the engine's exits follow). */
  forget(): void;
  /** Mirrors what the cache keeps elsewhere too, from now on (the opt-in cookie, `seglet.integrations.js`). */
  mirror(to: (ids: string[] | null) => void): void;
  has(id: string): boolean;
  stop(): void;
}

/**
 * Builds the segment view. It starts from the segments cached by the last page (with consent), so that a
 * returning visitor's page is personalized before the engine answers; the engine then confirms or corrects.
 * Control-group members are members for listeners, but the page (and the caches) are not personalized for
 * them. Ids that do not come from the engine (which validates its rules and models) are checked before they
 * become classes or reach listeners: the cache here, `force()` and force links where they are read.
 */
export function createSegmentView(
  consent: Consent,
  emit: <K extends keyof SegletEvents>(type: K, payload: SegletEvents[K]) => void,
  needVariants: (ready: (render: SlotRenderer) => void) => void,
): SegmentView {
  const personalizer = createPersonalizer(needVariants);
  let engine: EngineSegments = { segments: [], cluster: null, holdouts: [], at: 0 };
  let current = new Set<string>();
  /** Segments forced on this tab for QA (`force()`, `?seglet-force` through `seglet.debug.js`). */
  let forced: string[] = [];

  /** What the caches keep: with consent, the engine's segments the page is personalized for (control groups and forced segments left out). */
  const kept = () => (consent == 'granted' ? engine.segments.filter((id) => !engine.holdouts.includes(id)) : null);
  let mirror = (_ids: string[] | null) => {};
  /** Caches the personalized segments for the next page's first paint (and, opted in, in a cookie for the server). */
  const remember = (ids: string[] | null) => {
    writeSegmentCache(ids);
    mirror(ids);
  };

  function show(next: EngineSegments = engine): void {
    engine = next;
    const ids = new Set([...engine.segments, ...forced]);
    const entered = [...ids].filter((id) => !current.has(id));
    const exited = [...current].filter((id) => !ids.has(id));
    const control = engine.holdouts.filter((id) => ids.has(id) && !forced.includes(id));
    current = ids;
    personalizer.apply(new Set([...ids].filter((id) => !control.includes(id))));
    if (consent == 'granted') remember(kept());
    if (!entered.length && !exited.length) return;
    emit('change', { segments: [...ids], entered, exited, cluster: engine.cluster, at: engine.at, holdouts: control });
    entered.forEach((segment) => emit('enter', { segment }));
    exited.forEach((segment) => emit('exit', { segment }));
  }

  // The engine's ids are checked where it reads rules and models; the cache is only storage, so its are checked here.
  if (consent == 'granted') show({ ...engine, segments: readSegmentCache().filter(isSegmentId), at: Date.now() });
  return {
    show,
    force(ids) {
      forced = ids;
      show();
    },
    setConsent(state) {
      consent = state;
      remember(kept());
    },
    getConsent: () => consent,
    forget: () => remember(null),
    mirror(to) {
      mirror = to;
      to(kept());
    },
    has: (id) => current.has(id),
    stop: () => personalizer.stop(),
  };
}
