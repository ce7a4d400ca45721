import type { RuleIndex } from './createRuleIndex';
import { createFeatures, type FeatureState } from './features/createFeatures';
import type { SignalName } from './features/sessionSignals';
import { landingContext } from './landingContext';
import type { Observed } from './leaves/types';
import type { SegEvent, VisitContext } from './types';

/** Events kept for rules that arrive later (a new model): the oldest are dropped first. */
export const MAX_HISTORY = 2000;
/**
 * A click this soon after the previous one is faster than a person: it only counts as a bot signal (unless
 * the visit's context says `bot_behaviour: false`).
 */
export const RAPID_CLICK_MS = 50;

/** The observer's share of the engine's saved state. */
export interface ObservedState {
  lastAt: number | null;
  lastClickAt: number | null;
  history: Observed[];
  features: unknown;
  context: VisitContext;
  landing: number;
}

/** Where events come in: what the engine knows of the visit from them, short of rule verdicts. */
export interface Observer {
  /** An event's time as the engine counts it: never before the previous event, never after `clock`. */
  timeOf(event: SegEvent, clock: number): number;
  /** Feeds one event to features and leaves, and adds the rules it can affect to `dirty`. */
  observe(event: SegEvent, clock: number, dirty: Set<string>): void;
  features(): FeatureState;
  context(): VisitContext;
  /** The latest event's (normalized) time, or null before any. */
  lastAt(): number | null;
  /** The kept history, oldest first: at most {@link MAX_HISTORY} events. */
  history(): Observed[];
  /** Forgets every event: history and features start afresh, with `weights`; the context stays. */
  clear(weights: Partial<Record<SignalName, number>> | undefined): void;
  save(): ObservedState;
}

/**
 * Builds the observer. It keeps the history, the features, the visit's context (a session's landing page
 * view brings its referrer and `utm_*`) and the times that normalize the next event.
 *
 * @param saved - The state to continue from, if any.
 * @param known - What the page knows of the context now: it overrides the saved context.
 * @param weights - The engagement weights.
 * @param index - Where events go on to: the leaves listening for them, and the rules they can affect.
 */
export function createObserver(
  saved: ObservedState | undefined,
  known: VisitContext | undefined,
  weights: Partial<Record<SignalName, number>> | undefined,
  index: Pick<RuleIndex, 'add' | 'groups'>,
): Observer {
  const { groups } = index;
  let context: VisitContext = { ...saved?.context, ...known };
  let lastAt = saved?.lastAt ?? null;
  let lastClickAt = saved?.lastClickAt ?? null;
  let landing = saved?.landing ?? 0;
  let history: Observed[] = saved?.history.slice() ?? [];
  // The page says which bot signals count, on every start: `webdriver`, and `bot_behaviour: false` for tests.
  const bot = { webdriver: context.webdriver === true, behaviour: context.bot_behaviour !== false };
  let features = createFeatures({ saved: saved?.features, bot, weights });
  const timeOf = (event: SegEvent, clock: number) => Math.min(clock, Math.max(event.at, lastAt ?? -Infinity));

  function observe(event: SegEvent, clock: number, dirty: Set<string>): void {
    const at = timeOf(event, clock);
    // With behaviour signals off (tests of a site), clicks at a machine's pace count like a person's.
    const rapid = bot.behaviour && event.name === 'click' && lastClickAt !== null && at - lastClickAt < RAPID_CLICK_MS;
    if (event.name === 'click') lastClickAt = at;
    lastAt = at;
    const { session } = features.observe(event.name, at, event.props, rapid);
    if (rapid) return;
    groups.feature.forEach((id) => dirty.add(id));
    const observed: Observed = { name: event.name, at, props: event.props, session };
    history.push(observed);
    // Trimmed in bulk: amortized O(1), where a shift per event would copy the whole array.
    if (history.length >= 2 * MAX_HISTORY) history.splice(0, history.length - MAX_HISTORY);
    index.add(observed, dirty);
    // Every event moves the session's end, which session-window rules report as their expiry.
    groups.session.forEach((id) => dirty.add(id));
    if (event.name === 'page_view' && landing !== session) {
      landing = session;
      context = { ...context, ...landingContext(event.props) };
      groups.context.forEach((id) => dirty.add(id));
    }
  }

  const kept = () => history.slice(-MAX_HISTORY);
  return {
    timeOf,
    observe,
    features: () => features,
    context: () => context,
    lastAt: () => lastAt,
    history: kept,
    clear(weights) {
      history = [];
      lastAt = lastClickAt = null;
      features = createFeatures({ bot, weights });
    },
    save: () => ({ lastAt, lastClickAt, history: kept(), features: features.save(), context, landing }),
  };
}
