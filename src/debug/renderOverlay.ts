import type { ConditionExplanation, Explanation } from '../engine/explainRule';
import type { Inspection } from '../protocol';

type Child = Node | string;

/** Builds an element; text goes in as text nodes, never as markup (segment ids and rule text are data). */
export function h(tag: string, className = '', ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  if (className) el.className = className;
  el.append(...children);
  return el;
}

/** A time of day, `14:03:05`, or a dash. */
const time = (at: number | null) => (at === null ? '—' : new Date(at).toTimeString().slice(0, 8));
const mark = (verdict: boolean) => h('span', verdict ? 'yes' : 'no', verdict ? '✓' : '✗');
const number = (value: number) => String(Number.isInteger(value) ? value : +value.toFixed(3));

function table(head: string[], rows: Child[][]): HTMLElement {
  const row = (cells: Child[], tag: string) => h('tr', '', ...cells.map((cell) => h(tag, '', cell)));
  return h('table', '', h('thead', '', row(head, 'th')), h('tbody', '', ...rows.map((cells) => row(cells, 'td'))));
}

function segments({ memberships }: Inspection): HTMLElement[] {
  if (!memberships.length) return [h('h2', '', 'Segments'), h('p', 'muted', 'none')];
  const rows = memberships.map((m) => [m.id, m.source, time(m.since), time(m.expiresAt), m.holdout ? 'yes' : 'no']);
  return [h('h2', '', `Segments (${memberships.length})`), table(['id', 'source', 'since', 'expires', 'holdout'], rows)];
}

function features({ features }: Inspection): HTMLElement[] {
  const score = features.engagement_score;
  const bar = h('div', 'bar', h('div'));
  (bar.firstChild as HTMLElement).style.width = `${Math.round(Math.min(1, Math.max(0, score)) * 100)}%`;
  const cells = Object.entries(features).map(([name, value]) =>
    h('div', 'mono', h('span', 'muted', `${name} `), h('span', 'num', number(value))),
  );
  return [h('h2', '', 'Features'), h('div', '', `Engagement score ${number(score)}`), bar, h('div', 'features', ...cells)];
}

function recent({ recent }: Inspection): HTMLElement[] {
  const items = [...recent].reverse().map((e) => h('li', 'mono', h('span', 'muted', time(e.at)), e.name));
  return [h('h2', '', `Recent events (latest ${recent.length}, newest first)`), items.length ? h('ol', '', ...items) : h('p', 'muted', 'none yet')];
}

function condition(c: ConditionExplanation): HTMLElement {
  const value = c.value === undefined ? '' : ` — value ${c.value}${c.expected ? `, expected ${c.expected}` : ''}`;
  const line = h('div', 'mono', mark(c.verdict), ` ${c.condition}${value}`);
  return h('li', '', line, ...(c.of ? [h('ul', '', ...c.of.map(condition))] : []));
}

/** One rule's `explain()`, collapsed to its verdict; `open` keeps it expanded across refreshes. */
function rule(id: string, why: Explanation | undefined, open: Set<string>): HTMLElement {
  const state = !why ? 'no answer' : !why.known ? 'unknown rule' : why.member ? `member since ${time(why.since)}` : 'not a member';
  const details = h('details', '', h('summary', '', mark(!!why?.member), h('span', 'mono', id), h('span', 'muted', state)));
  (details as HTMLDetailsElement).open = open.has(id);
  details.addEventListener('toggle', () => ((details as HTMLDetailsElement).open ? open.add(id) : open.delete(id)));
  if (why?.bot) details.append(h('p', 'no', 'Flagged as a bot: in no segment, whatever the conditions say.'));
  if (why?.expiresAt) details.append(h('p', 'muted', `expires ${time(why.expiresAt)}`));
  if (why?.condition) details.append(h('ul', 'tree', condition(why.condition)));
  return details;
}

/** The rules validation left out: each with the message that says where and why. */
function rejected({ rejected }: Inspection): HTMLElement[] {
  if (!rejected.length) return [];
  const items = rejected.map(({ rule, message }) => h('li', 'mono', h('span', 'no', '✗ '), `${rule}: ${message}`));
  return [h('h2', '', `Rejected rules (${rejected.length})`), h('ul', 'rejected', ...items)];
}

/**
 * The panel's sections for one inspection: first, when the visitor is taken for a bot, why (nothing else
 * matters while it holds); then segments, features and engagement score, recent events (names and times
 * only), the rules validation rejected, and each rule's explanation.
 */
export function renderOverlay(data: Inspection, why: (Explanation | undefined)[], open: Set<string>): HTMLElement[] {
  const rules = data.rules.map((id, i) => rule(id, why[i], open));
  return [
    ...(data.bot ? [h('p', 'bot', `Treated as a bot, so in no segment: ${data.bot}`)] : []),
    ...segments(data),
    ...features(data),
    ...recent(data),
    ...rejected(data),
    h('h2', '', `Rules (${data.rules.length})`),
    ...(rules.length ? rules : [h('p', 'muted', 'none')]),
  ];
}
