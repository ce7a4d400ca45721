import 'fake-indexeddb/auto';
import { afterEach, describe, expect, test } from 'vitest';
import type { Consent, StartOptions, WorkerMessage } from '../../../src/protocol';
import { createLifecycle, MAX_OWED_FORGETS, type Tab } from '../../../workers/createLifecycle';
import { transition, type LifecycleInput, type Phase } from '../../../workers/lifecycleTable';
import { deleteStorage, openStorage } from '../../../workers/storage';

const SYNC = 'https://sync.test/seglet';
const news = { id: 'news', when: { count: 'click', within: '1h', gte: 3 }, ttl: '30m' };
const cart = { id: 'cart', when: { count: 'add_to_cart', within: '1h', gte: 1 } };
const NOW = 10_000_000;

afterEach(() => deleteStorage());

/** A lifecycle over fake IndexedDB and a sync endpoint that records every body; tabs record what they hear. */
function world() {
  const posted: { op?: string; anonymousId: string }[] = [];
  const fetch = (async (_url: unknown, init?: RequestInit) => (posted.push(JSON.parse(String(init?.body))), new Response(null))) as typeof globalThis.fetch;
  const deps = { now: () => NOW, openStorage, deleteStorage, fetch, language: 'en', uuid: () => crypto.randomUUID(), onOnline: () => {} };
  const tabs = new Set<Tab>();
  const lifecycle = createLifecycle(deps, (message, except) => tabs.forEach((tab) => tab !== except && tab.postMessage(message)));
  const tab = () => {
    const heard: WorkerMessage[] = [];
    const t = { heard, postMessage: (m: WorkerMessage) => void heard.push(m) };
    tabs.add(t);
    return t;
  };
  const options = (consent: Consent): StartOptions => ({ consent, rules: [news, cart], sync: SYNC, context: {} });
  return { lifecycle, tab, options, posted };
}

/** The anonymous id of the visitor {@link storedVisit} stored. */
let storedId = '';

/** A visitor of an earlier page: granted, a member of `news`, stored (under the anonymous id `storedId`). */
async function storedVisit(): Promise<void> {
  const { lifecycle, tab, options } = world();
  await lifecycle.start(options('granted'), tab());
  const clicks = [1, 2, 3].map((i) => ({ name: 'click', at: NOW - 10_000 + i * 1000 }));
  lifecycle.slot.settle(lifecycle.slot.engine().ingest(clicks));
  await lifecycle.slot.persistence.save();
  storedId = lifecycle.slot.visitor.ids().anonymousId;
  lifecycle.slot.sync.stop();
  lifecycle.slot.persistence.close();
}

const stored = async () => {
  const names = (await indexedDB.databases()).map((d) => d.name);
  if (!names.includes('seglet')) return 'no database';
  const state = (await (await openStorage()).get('state')) as { anonymousId: string; engine: { members: Record<string, { member: boolean }> } } | undefined;
  if (!state) return 'empty';
  const members = Object.entries(state.engine.members).filter(([, m]) => m.member).map(([id]) => id);
  return `${state.anonymousId === storedId ? 'stored' : 'new'}: ${members.sort().join(',')}`;
};

/** What one cell of the table must do, as the tabs, storage and the endpoint see it. */
interface Cell {
  next: Phase;
  /** The engine's segments after it. */
  segments: string;
  /** What is in IndexedDB after it: `<the stored visitor's id, or a new one>: <members>`, 'empty' or 'no database'. */
  db: string;
  /** Consent messages the other (started) tab hears, and the acting tab hears (as `answer`). */
  heard?: Consent;
  answered?: Consent;
  /** What the sync endpoint receives (after a flush): forget requests by anonymous id. */
  forgets?: string[];
}

const inputs: [string, LifecycleInput][] = [
  ...(['granted', 'pending', 'denied'] as const).map((c): [string, LifecycleInput] => [`start(${c})`, { type: 'start', consent: c }]),
  ...(['granted', 'pending', 'denied'] as const).map((c): [string, LifecycleInput] => [`setConsent(${c})`, { type: 'setConsent', consent: c }]),
  ['forget', { type: 'forget' }],
];

// Before each cell: a stored visit (in `news`); then, unless idle, tab A started with the phase's consent
// and added to the cart (tab A's page: `cart`). Tab B then makes the input.
const TABLE: Record<Phase, Record<string, Cell>> = {
  idle: {
    'start(granted)': { next: 'granted', segments: 'news', db: 'stored: news' },
    'start(pending)': { next: 'pending', segments: '', db: 'stored: news' },
    'start(denied)': { next: 'denied', segments: '', db: 'no database' },
    'setConsent(granted)': { next: 'idle', segments: '', db: 'stored: news' },
    'setConsent(pending)': { next: 'idle', segments: '', db: 'stored: news' },
    'setConsent(denied)': { next: 'idle', segments: '', db: 'stored: news' },
    forget: { next: 'idle', segments: '', db: 'stored: news' },
  },
  pending: {
    'start(granted)': { next: 'granted', segments: 'cart,news', db: 'stored: cart,news', heard: 'granted' },
    'start(pending)': { next: 'pending', segments: 'cart', db: 'stored: news' },
    'start(denied)': { next: 'denied', segments: '', db: 'no database', heard: 'denied' },
    'setConsent(granted)': { next: 'granted', segments: 'cart,news', db: 'stored: cart,news', heard: 'granted' },
    'setConsent(pending)': { next: 'pending', segments: 'cart', db: 'stored: news' },
    'setConsent(denied)': { next: 'denied', segments: '', db: 'no database', heard: 'denied' },
    // The endpoint is told once consent allows it (see the last test).
    forget: { next: 'pending', segments: '', db: 'no database', forgets: [] },
  },
  granted: {
    'start(granted)': { next: 'granted', segments: 'cart,news', db: 'stored: cart,news' },
    'start(pending)': { next: 'granted', segments: 'cart,news', db: 'stored: cart,news', answered: 'granted' },
    'start(denied)': { next: 'denied', segments: '', db: 'no database', heard: 'denied' },
    'setConsent(granted)': { next: 'granted', segments: 'cart,news', db: 'stored: cart,news' },
    'setConsent(pending)': { next: 'pending', segments: 'cart,news', db: 'stored: cart,news', heard: 'pending' },
    'setConsent(denied)': { next: 'denied', segments: '', db: 'no database', heard: 'denied' },
    forget: { next: 'granted', segments: '', db: 'new: ', forgets: ['stored'] },
  },
  denied: {
    'start(granted)': { next: 'granted', segments: 'cart', db: 'new: cart', heard: 'granted' },
    'start(pending)': { next: 'denied', segments: 'cart', db: 'no database', answered: 'denied' },
    'start(denied)': { next: 'denied', segments: 'cart', db: 'no database' },
    'setConsent(granted)': { next: 'granted', segments: 'cart', db: 'new: cart', heard: 'granted' },
    'setConsent(pending)': { next: 'pending', segments: 'cart', db: 'no database', heard: 'pending' },
    'setConsent(denied)': { next: 'denied', segments: 'cart', db: 'no database' },
    forget: { next: 'denied', segments: '', db: 'no database', forgets: [] },
  },
};

describe('the visitor lifecycle, walked cell by cell (phase × input)', () => {
  for (const phase of ['idle', 'pending', 'granted', 'denied'] as const) {
    for (const [name, input] of inputs) {
      const cell = TABLE[phase][name]!;
      test(`${phase} × ${name} → ${cell.next}`, async () => {
        expect(transition(phase, input).next).toBe(cell.next);
        await storedVisit();
        const { lifecycle, tab, options, posted } = world();
        const a = tab();
        if (phase !== 'idle') {
          await lifecycle.start(options(phase), a);
          lifecycle.slot.settle(lifecycle.slot.engine().ingest([{ name: 'add_to_cart', at: NOW - 1 }]));
          await lifecycle.slot.persistence.save();
        }
        expect(lifecycle.phase()).toBe(phase);
        a.heard.length = 0;
        const b = tab();
        if (input.type === 'start') await lifecycle.start(options(input.consent), b);
        else if (input.type === 'setConsent') await lifecycle.setConsent(input.consent, b);
        else await lifecycle.forget();
        await lifecycle.slot.persistence.save();
        lifecycle.slot.sync.flush();

        expect(lifecycle.phase()).toBe(cell.next);
        expect(lifecycle.slot.engine().getMemberships().map((m) => m.id).join(',')).toBe(cell.segments);
        expect(await stored()).toBe(cell.db);
        const consents = (heard: WorkerMessage[]) => heard.flatMap((m) => (m.type === 'consent' ? [m.consent] : []));
        expect(consents(a.heard)).toEqual(phase !== 'idle' && cell.heard ? [cell.heard] : []);
        expect(consents(b.heard)).toEqual(cell.answered ? [cell.answered] : []);
        await new Promise((r) => setTimeout(r, 10));
        const forgets = posted.filter((p) => p.op === 'forget').map((p) => (p.anonymousId === storedId ? 'stored' : 'new'));
        expect(forgets).toEqual(cell.forgets ?? []);
        lifecycle.slot.sync.stop();
        lifecycle.slot.persistence.close();
      });
    }
  }

  test('forget while pending: the endpoint is told with the ids it knew once consent is granted', async () => {
    await storedVisit();
    const { lifecycle, tab, options, posted } = world();
    await lifecycle.start(options('granted'), tab());
    await lifecycle.setConsent('pending');
    for (let i = 0; i < 3 * MAX_OWED_FORGETS; i++) await lifecycle.forget(); // the owed requests are bounded
    const forgets = () => posted.filter((p) => p.op === 'forget');
    await new Promise((r) => setTimeout(r, 10));
    expect(forgets()).toEqual([]);
    await lifecycle.setConsent('granted');
    await new Promise((r) => setTimeout(r, 10));
    expect(forgets()).toHaveLength(MAX_OWED_FORGETS);
    expect(forgets()[0]).toEqual({ v: 1, op: 'forget', anonymousId: storedId, userId: null });
    lifecycle.slot.sync.stop();
    lifecycle.slot.persistence.close();
  });

  test('inputs run one at a time: a denial made while a start still reads storage wipes what the start restored', async () => {
    await storedVisit();
    const { lifecycle, tab, options } = world();
    const starting = lifecycle.start(options('granted'), tab());
    const denying = lifecycle.setConsent('denied');
    await Promise.all([starting, denying]);
    expect(lifecycle.phase()).toBe('denied');
    expect(lifecycle.slot.engine().getMemberships()).toEqual([]);
    expect(await stored()).toBe('no database');
    lifecycle.slot.sync.stop();
  });
});
