import type { Call } from '../client/createCaller';
import { OVERLAY_CSS } from './overlayStyles';
import { h, renderOverlay } from './renderOverlay';

/** How often an open panel asks again: events and features move without a `change`; a glance's delay. */
const REFRESH_MS = 2000;

/**
 * Shows the debug overlay: a panel in a shadow root of its own, so the page's CSS does not reach it and
 * its CSS does not reach the page. It lists the engine's `inspect()` (segments, features, recent events,
 * model version) and each rule's `explain()`, and refreshes on every `change`, on its ↻ button and every
 * `REFRESH_MS` while open and visible. The page adds its script (`seglet.debug.js`) only with `debug` on;
 * it waits for `<body>` when that is not there yet, and stops refreshing once the engine stops answering
 * (after `destroy()`).
 *
 * @example
 * mountOverlay(call, emitter.on);
 */
export function mountOverlay(call: Call, on: (type: 'change', listener: () => void) => unknown): void {
  const host = document.createElement('seglet-debug');
  const root = host.attachShadow({ mode: 'open' });
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(OVERLAY_CSS);
  root.adoptedStyleSheets = [sheet];

  const status = h('span', 'muted', 'waiting for the engine…');
  const refreshButton = h('button', '', '↻');
  const toggle = h('button', '', '–');
  const body = h('div', 'body');
  const footer = h('footer', 'muted');
  const panel = h('section', 'panel', h('header', '', h('strong', '', 'seglet'), status, refreshButton, toggle), body, footer);
  panel.setAttribute('role', 'region');
  panel.setAttribute('aria-label', 'seglet debug');
  refreshButton.setAttribute('aria-label', 'Refresh');
  toggle.setAttribute('aria-label', 'Collapse');
  root.append(panel);

  /** Rules whose explanation is expanded, kept across refreshes. */
  const open = new Set<string>();
  /** The bot verdict last said in the console: said once, and again only if the reason changes. */
  let botSaid: string | null = null;
  let running: Promise<void> | undefined;
  let again = false;

  async function load(): Promise<void> {
    const data = await call('inspect', []);
    if (!data) {
      clearInterval(timer);
      return void status.replaceChildren('the engine does not answer');
    }
    // A test browser is a bot by default (navigator.webdriver): with debug on, the console says so, once.
    if (data.bot && data.bot !== botSaid) console.info(`[seglet] treated as a bot, so in no segment: ${data.bot}`);
    botSaid = data.bot;
    const why = await Promise.all(data.rules.map((id) => call('explain', [id])));
    status.replaceChildren(data.modelVersion ? `model ${data.modelVersion}` : 'no model');
    body.replaceChildren(...renderOverlay(data, why, open));
    footer.replaceChildren(`updated ${new Date().toTimeString().slice(0, 8)}`);
  }

  /** One load at a time; a request during one runs once more after it, so the last state always shows. */
  function refresh(): void {
    if (running) return void (again = true);
    running = load().finally(() => {
      running = undefined;
      if (again) (again = false), refresh();
    });
  }

  toggle.addEventListener('click', () => {
    body.hidden = footer.hidden = !body.hidden;
    toggle.textContent = body.hidden ? '+' : '–';
    toggle.setAttribute('aria-label', body.hidden ? 'Expand' : 'Collapse');
    if (!body.hidden) refresh();
  });
  refreshButton.addEventListener('click', refresh);
  on('change', refresh);
  const timer = setInterval(() => !body.hidden && !document.hidden && refresh(), REFRESH_MS);

  const attach = () => (document.body.append(host), refresh());
  if (document.body) attach();
  else document.addEventListener('DOMContentLoaded', attach, { once: true });
}
