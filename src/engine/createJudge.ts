import type { ChangeLog } from './createChangeLog';
import type { Heap } from './createHeap';
import type { Observer } from './createObserver';
import type { RuleIndex } from './createRuleIndex';
import { evaluate, type EvalContext } from './evaluate';
import type { FeatureName } from './featureNames';
import { stepMembership } from './membership';

/** The heap key of the bot verdict's next look. Rule ids cannot start with `#`. */
export const BOT_KEY = '#bot';

/** Judges rules: evaluates them at a time and steps their memberships. A visitor flagged as a bot is in none. */
export interface Judge {
  /** What conditions read at `at`: leaves, features, context and cluster. */
  contextAt(at: number): EvalContext;
  /** Evaluates rules at `at` and steps their memberships, scheduling each rule's next look. */
  run(ids: Iterable<string>, at: number): void;
  /** Re-reads the bot verdict; true when it flipped (every rule must then be judged again). */
  checkBot(at: number): boolean;
  /** Whether the visitor is taken for a bot (as of the last `checkBot`). */
  bot(): boolean;
  /** When the bot verdict is due to be read again (`Infinity`: only an event changes it). */
  botWake(): number;
  /** Forgets the bot verdict (the events behind it were cleared). */
  clear(): void;
}

/**
 * Builds the judge over the engine's parts.
 *
 * @param index - The rules and their leaves.
 * @param seen - Features and context.
 * @param log - Where memberships are kept and their changes recorded.
 * @param heap - Where rule and bot wake-ups are scheduled.
 */
export function createJudge(index: RuleIndex, seen: Observer, log: ChangeLog, heap: Heap): Judge {
  let botWake = Infinity;
  let bot = false;

  function contextAt(at: number): EvalContext {
    const features = seen.features();
    const view = features.session(at);
    return {
      leaf: (key) => index.read(key, at, view),
      feature: (name: FeatureName) => ({ value: features.get(name, at), until: features.until(name, at) }),
      context: seen.context(),
      cluster: log.cluster(),
    };
  }

  function run(ids: Iterable<string>, at: number): void {
    const ctx = contextAt(at);
    for (const id of ids) {
      const entry = index.entries.get(id);
      if (!entry) continue;
      let prev = log.members.get(id);
      const verdict = evaluate(entry.rule.when, ctx);
      if (prev && prev.signature !== entry.rule.signature) {
        // A changed definition is judged afresh: no ttl or hold earned under the old one carries over.
        const left = prev.member && !verdict.value;
        prev = { ...prev, signature: entry.rule.signature, flaps: 0, lastExit: null, ...(left && { member: false, expiresAt: null }) };
        if (left) log.record(id, false, at);
      }
      const step = stepMembership(prev, entry.rule, verdict, at, bot);
      log.members.set(id, step.state);
      if (step.change) log.record(id, step.change === 'enter', at);
      entry.wake = step.wakeAt;
      if (Number.isFinite(step.wakeAt)) heap.push(step.wakeAt, id);
    }
  }

  function checkBot(at: number): boolean {
    const verdict = seen.features().bot(at);
    if (verdict.until !== botWake && Number.isFinite(verdict.until)) heap.push(verdict.until, BOT_KEY);
    botWake = verdict.until;
    if (verdict.flagged === bot) return false;
    bot = verdict.flagged;
    return true;
  }

  return {
    contextAt,
    run,
    checkBot,
    bot: () => bot,
    botWake: () => botWake,
    clear: () => void (bot = false),
  };
}
