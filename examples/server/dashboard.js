// The seglet dashboard: renders /seglet/dashboard.json and runs "Retrain now" (POST /seglet/train).
// Every text from the data goes in with textContent: segment ids arrive in sync batches, from anyone.

const DATA_URL = '/seglet/dashboard.json';
const TRAIN_URL = '/seglet/train';
const REFRESH_MS = 30_000;
/** Bars span −Z_RANGE … +Z_RANGE standard deviations; beyond that they stop at the edge. */
const Z_RANGE = 2.5;
/** A feature this far from average (in standard deviations) is drawn solid: it is what sets the group apart. */
const STRONG_Z = 0.75;
const PALETTE = ['#2f7d5b', '#3b74b8', '#c0873a', '#8a5cb8', '#c4546f', '#2b9199', '#7a8b2f', '#b5652c', '#5468c4', '#6b7280'];
const SVG = 'http://www.w3.org/2000/svg';

/** Names and units a person reads; unknown features keep their own name. */
/** Names and units a person reads (`short` names a cluster); unknown features keep their own name. */
const FEATURES = {
  session_duration_s: { name: 'Session length', short: 'longer sessions', low: 'shorter sessions', format: 'duration' },
  page_views_session: { name: 'Pages / session', short: 'more pages per visit', low: 'fewer pages per visit', format: 'count' },
  page_velocity: { name: 'Pages / minute', short: 'fast browsing', low: 'slow browsing', format: 'rate' },
  dwell_avg_s: { name: 'Time on page', short: 'long reads', low: 'quick glances', format: 'duration' },
  scroll_depth_avg: { name: 'Scroll depth', short: 'deep scrolling', low: 'shallow scrolling', format: 'percent' },
  click_rate: { name: 'Clicks / minute', short: 'many clicks', low: 'few clicks', format: 'rate' },
  form_submits_session: { name: 'Forms sent', short: 'sends forms', low: 'no forms', format: 'count' },
  cart_adds_7d: { name: 'Cart adds (7 d)', short: 'fills the cart', low: 'few cart adds', format: 'count' },
  purchases_30d: { name: 'Purchases (30 d)', short: 'buys', low: 'rarely buys', format: 'count' },
  revenue_30d: { name: 'Revenue (30 d)', short: 'high revenue', low: 'low revenue', format: 'money' },
  sessions_30d: { name: 'Visits (30 d)', short: 'comes back often', low: 'rare visits', format: 'count' },
  recency_days: { name: 'Days away', short: 'returns after a break', low: 'recent visitor', format: 'days' },
  engagement_score: { name: 'Engagement', short: 'highly engaged', low: 'low engagement', format: 'percent' },
  bot_score: { name: 'Bot score', short: 'bot-like', low: 'human-like', format: 'percent' },
};

const $ = (id) => document.getElementById(id);

/**
 * Creates an element with a class and children (strings become text).
 * @param {string} tag
 * @param {string} [className]
 * @param {...(Node | string | null | undefined)} children
 */
function el(tag, className, ...children) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  for (const child of children) if (child !== null && child !== undefined) node.append(child);
  return node;
}

/** @param {string} tag @param {Record<string, string | number>} attributes */
function svg(tag, attributes = {}) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  return node;
}

const featureName = (name) => FEATURES[name]?.name ?? name;

const number = (value, digits) => value.toLocaleString(undefined, { maximumFractionDigits: digits, minimumFractionDigits: 0 });

/** A raw feature value in its own units. */
function formatValue(name, value) {
  if (!Number.isFinite(value)) return '–';
  switch (FEATURES[name]?.format) {
    case 'duration':
      return Math.abs(value) >= 90 ? `${number(value / 60, 1)} min` : `${number(value, 0)} s`;
    case 'percent':
      return `${number(Math.max(0, Math.min(1, value)) * 100, 0)} %`;
    case 'money':
      return number(value, 0);
    case 'days':
      return `${number(value, 1)} d`;
    case 'count':
    case 'rate':
      return number(value, Math.abs(value) < 10 ? 1 : 0);
    default:
      return number(value, 2);
  }
}

/** The trainer's label ("high dwell_avg_s, low purchases_30d") in words: "Long reads · rarely buys". */
function readableLabel(label) {
  const parts = String(label).split(/,\s*/).map((part) => {
    const match = /^(high|low)\s+(.+)$/.exec(part);
    if (!match) return part;
    const known = FEATURES[match[2]];
    if (known) return match[1] === 'high' ? known.short : known.low;
    return `${match[1]} ${match[2]}`;
  });
  const text = parts.join(' · ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const percent = (share) => `${number(share * 100, share < 0.1 ? 1 : 0)} %`;

/** "5 minutes ago" for a time in the past. */
function ago(iso) {
  const at = Date.parse(iso);
  if (!Number.isFinite(at)) return '';
  const seconds = Math.round((Date.now() - at) / 1000);
  const format = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
  if (Math.abs(seconds) < 60) return format.format(-seconds, 'second');
  if (Math.abs(seconds) < 3600) return format.format(-Math.round(seconds / 60), 'minute');
  if (Math.abs(seconds) < 86_400) return format.format(-Math.round(seconds / 3600), 'hour');
  return format.format(-Math.round(seconds / 86_400), 'day');
}

const when = (iso) => {
  const at = new Date(iso);
  return Number.isFinite(at.getTime()) ? at.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : String(iso);
};

function renderHeader(data) {
  const { model, training } = data;
  if (!model) $('model-line').textContent = 'No model could be read.';
  else if (model.source === 'seed') {
    $('model-line').textContent = `Starter model: ${model.rules} rule${model.rules === 1 ? '' : 's'}, no clusters yet`;
  } else {
    $('model-line').textContent = `Model ${when(model.version)} · ${model.features.length} behaviour features · ${model.rules} rules`;
  }
  const last = training.last;
  const trained = model?.trainedAt ?? last?.trainedAt;
  $('last-trained').textContent = trained ? `Last trained ${ago(trained)}` : 'Not trained yet';
  $('last-trained').title = trained ? when(trained) : '';
  let schedule = trained ? when(trained) : 'Press the button once visitors have synced';
  if (training.schedule) {
    const minutes = training.schedule.every / 60_000;
    const every = minutes >= 1 ? `${number(minutes, 1)} min` : `${number(training.schedule.every / 1000, 0)} s`;
    schedule += ` · auto every ${every} with ${training.schedule.minNewVectors}+ new`;
  }
  $('schedule').textContent = schedule;
  const button = $('retrain');
  if (!button.dataset.busy) button.disabled = training.running;
  if (training.running && !button.dataset.busy) setStatus('A training run is in progress…');
}

function renderStats(data) {
  $('stat-visitors').textContent = number(data.members.visitors, 0);
  $('stat-clusters').textContent = String(data.clusters.length);
  const used = data.model?.vectorsUsed;
  $('stat-trained-on').textContent = used === null || used === undefined ? '–' : number(used, 0);
  const drifting = data.drift ? data.drift.features.filter((f) => f.flagged).length : null;
  $('stat-drift').textContent = drifting === null ? '–' : String(drifting);
  $('stat-drift').parentElement.classList.toggle('alert', Boolean(drifting));
}

function clusterColor(data, id) {
  const index = data.clusters.findIndex((c) => c.id === id);
  return index < 0 ? null : PALETTE[index % PALETTE.length];
}

function renderClusters(data) {
  const root = $('clusters');
  if (data.clusters.length === 0) {
    root.replaceChildren(el('p', 'empty', data.model?.source === 'seed'
      ? 'No clusters yet: the model in force has rules only. Once visitors have sent their behaviour (the trained model asks '
        + 'devices for it), press "Retrain now" to find groups of similar visitors.'
      : 'This model has no clusters.'));
    return;
  }
  const members = new Map(data.members.segments.filter((s) => s.source === 'cluster').map((s) => [s.id, s.visitors]));
  root.replaceChildren(...data.clusters.map((cluster, index) => {
    const card = el('article', 'card');
    card.style.setProperty('--accent', PALETTE[index % PALETTE.length]);
    const now = members.get(cluster.id);
    const title = el('div', 'card-title',
      el('h3', '', readableLabel(cluster.label)),
      el('div', '', el('span', 'chip cluster', cluster.id), now === undefined ? null : el('span', 'subtle', `  ${number(now, 0)} in segment now`)));
    const share = cluster.share === null
      ? null
      : el('div', 'share', el('span', 'share-value', percent(cluster.share)), el('span', 'share-label', 'of trained visitors'));
    const axis = el('div', 'bars-axis', el('span'), el('span', 'axis', el('span', '', 'less'), el('span', '', 'average'), el('span', '', 'more')), el('span'));
    const rows = cluster.features.map((feature) => {
      const z = Math.max(-Z_RANGE, Math.min(Z_RANGE, feature.z));
      const fill = el('span', z < 0 ? 'fill less' : 'fill');
      const width = (Math.abs(z) / Z_RANGE) * 50;
      fill.style.width = `${width}%`;
      fill.style.left = z < 0 ? `${50 - width}%` : '50%';
      const track = el('span', 'track', fill);
      const sign = feature.z >= 0 ? '+' : '−';
      const row = el('div', Math.abs(feature.z) >= STRONG_Z ? 'bar-row strong' : 'bar-row',
        el('span', 'bar-name', featureName(feature.name)), track, el('span', 'bar-value', formatValue(feature.name, feature.raw)));
      row.title = `${featureName(feature.name)} (${feature.name}): ${formatValue(feature.name, feature.raw)}, ${sign}${number(Math.abs(feature.z), 2)} standard deviations from average`;
      return row;
    });
    card.append(el('div', 'card-head', title, share), el('div', 'bars', axis, ...rows));
    return card;
  }));
}

function renderMembers(data) {
  const root = $('members');
  const { visitors, bots, unsegmented, segments } = data.members;
  $('members-note').textContent = visitors === 0
    ? 'No visitor has synced yet.'
    : `Visitors in each segment, by their latest sync: ${number(visitors, 0)} visitors${bots ? `, ${number(bots, 0)} bots left out` : ''}.`;
  if (visitors === 0) {
    root.replaceChildren(el('p', 'empty', 'Segment counts appear here as soon as devices sync.'));
    return;
  }
  const rows = [...segments.map((s) => ({ ...s, kind: s.source })), { id: 'Not in any segment', source: 'none', kind: 'none', visitors: unsegmented }];
  const max = Math.max(1, ...rows.map((r) => r.visitors));
  const list = el('div', 'members', ...rows.map((row) => {
    const fill = el('div', `member-fill ${row.kind === 'cluster' ? '' : row.kind}`.trim());
    fill.style.width = `${(row.visitors / max) * 100}%`;
    const color = row.kind === 'cluster' ? clusterColor(data, row.id) : null;
    if (color) fill.style.background = color;
    const cluster = row.kind === 'cluster' ? data.clusters.find((c) => c.id === row.id) : null;
    const detail = row.kind === 'cluster' ? (cluster ? readableLabel(cluster.label) : 'cluster (not in this model)') : row.kind === 'rule' ? 'rule' : 'rules or clusters';
    const name = el('div', 'member-name', el('strong', '', row.id), el('span', '', detail));
    name.title = `${row.id}: ${detail}`;
    return el('div', 'member-row', name, el('div', 'member-track', fill),
      el('div', 'member-count', number(row.visitors, 0), el('small', '', percent(row.visitors / visitors))));
  }));
  const legend = el('div', 'legend', el('span', 'cluster', 'Cluster (behaviour)'), el('span', 'rule', 'Rule'), el('span', 'none', 'No segment'));
  root.replaceChildren(list, legend);
}

function renderCurve(data) {
  const root = $('curve');
  root.className = 'curve';
  const last = data.training.last;
  if (!last || last.curve.length === 0) {
    root.replaceChildren(el('p', 'empty', 'The curve of the last training appears here.'));
    return;
  }
  const points = last.curve;
  const width = 520;
  const height = 220;
  const pad = { left: 44, right: 16, top: 18, bottom: 46 };
  const ks = points.map((p) => p.k);
  const [kMin, kMax] = [Math.min(...ks), Math.max(...ks)];
  const x = (k) => pad.left + (kMax === kMin ? 0.5 : (k - kMin) / (kMax - kMin)) * (width - pad.left - pad.right);
  const scores = points.map((p) => p.silhouette).filter((s) => s !== null);
  const top = Math.max(0.1, Math.ceil(Math.max(...scores, 0) * 10 + 0.2) / 10);
  const step = top <= 0.2 ? 0.05 : top <= 0.6 ? 0.1 : 0.2;
  const y = (s) => pad.top + (1 - s / top) * (height - pad.top - pad.bottom);
  const inertias = points.map((p) => p.inertia);
  const [iMin, iMax] = [Math.min(...inertias), Math.max(...inertias)];
  const yInertia = (v) => pad.top + (iMax === iMin ? 0.5 : (iMax - v) / (iMax - iMin)) * (height - pad.top - pad.bottom);

  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': `Silhouette per number of clusters; ${last.k} chosen` });
  for (let i = 0; i * step <= top + 1e-9; i++) {
    const value = i * step;
    chart.append(svg('line', { class: 'grid', x1: pad.left, x2: width - pad.right, y1: y(value), y2: y(value) }));
    const label = svg('text', { class: 'axis-label', x: pad.left - 8, y: y(value) + 4, 'text-anchor': 'end' });
    label.textContent = number(value, 2);
    chart.append(label);
  }
  for (const k of ks) {
    const label = svg('text', { class: 'axis-label', x: x(k), y: height - pad.bottom + 18, 'text-anchor': 'middle' });
    label.textContent = String(k);
    chart.append(label);
  }
  const caption = svg('text', { class: 'axis-label', x: width - pad.right, y: height - 2, 'text-anchor': 'end' });
  caption.textContent = 'number of clusters (k)';
  chart.append(caption);
  chart.append(svg('polyline', { class: 'line inertia', points: points.map((p) => `${x(p.k)},${yInertia(p.inertia)}`).join(' ') }));
  const scored = points.filter((p) => p.silhouette !== null);
  chart.append(svg('polyline', { class: 'line', points: scored.map((p) => `${x(p.k)},${y(p.silhouette)}`).join(' ') }));
  for (const p of scored) {
    const dot = svg('circle', { class: p.k === last.k ? 'dot chosen' : 'dot', cx: x(p.k), cy: y(p.silhouette), r: p.k === last.k ? 6 : 4 });
    const tip = svg('title');
    tip.textContent = `k = ${p.k}: silhouette ${number(p.silhouette, 3)}, inertia ${number(p.inertia, 0)}`;
    dot.append(tip);
    chart.append(dot);
  }
  const chosen = scored.find((p) => p.k === last.k);
  if (chosen) {
    const label = svg('text', { class: 'chosen-label', x: x(chosen.k), y: y(chosen.silhouette) - 12, 'text-anchor': 'middle' });
    label.textContent = `k = ${chosen.k}`;
    chart.append(label);
  }
  const legend = el('div', 'legend', el('span', '', 'Silhouette (higher: clearer groups)'), el('span', 'none', 'Inertia, dashed (lower: tighter groups)'));
  const kept = last.ids.kept.length;
  const facts = el('div', 'curve-facts',
    el('span', '', 'Chosen: ', el('strong', '', `${last.k} clusters`)),
    el('span', '', 'Silhouette: ', el('strong', '', last.silhouette === null ? '–' : number(last.silhouette, 3))),
    el('span', '', 'Trained on: ', el('strong', '', `${number(last.vectors.used, 0)} visitors`)),
    el('span', '', 'Ids kept: ', el('strong', '', `${kept} of ${last.centroids.length}`)),
    last.vectors.badLines ? el('span', '', 'Bad lines: ', el('strong', '', number(last.vectors.badLines, 0))) : null,
    el('span', 'subtle', `${when(last.trainedAt)} · ${last.trigger === 'schedule' ? 'scheduled' : 'on demand'} · ${number(last.durationMs / 1000, 1)} s`));
  root.replaceChildren(chart, legend, facts);
}

function renderDrift(data) {
  const root = $('drift');
  if (!data.drift || data.drift.features.length === 0) {
    root.replaceChildren(el('p', 'empty', data.model?.source === 'trained'
      ? 'The first trained model has nothing to compare with: drift appears from the second training on.'
      : 'Drift appears once a model has been trained twice.'));
    return;
  }
  const rows = [...data.drift.features].sort((a, b) => Number(b.flagged) - Number(a.flagged) || b.ks - a.ks);
  const table = el('table', '',
    el('thead', '', el('tr', '', el('th', '', 'Feature'), el('th', '', 'Change (KS)'), el('th', 'num', 'p-value'), el('th', '', 'Status'))),
    el('tbody', '', ...rows.map((f) => {
      const bar = el('i');
      bar.style.width = `${Math.min(100, f.ks * 100 * 2)}%`;
      const name = el('td', '', featureName(f.name));
      name.title = f.name;
      return el('tr', f.flagged ? 'flagged' : '',
        name,
        el('td', '', el('span', 'shift', bar), number(f.ks, 3)),
        el('td', 'num', f.p < 0.001 ? '< 0.001' : number(f.p, 3)),
        el('td', '', el('span', f.flagged ? 'badge warn' : 'badge ok', f.flagged ? 'Drifted' : 'Stable')));
    })));
  root.replaceChildren(el('div', 'table-scroll', table));
}

function render(data) {
  $('load-error').hidden = true;
  renderHeader(data);
  renderStats(data);
  renderClusters(data);
  renderMembers(data);
  renderCurve(data);
  renderDrift(data);
  const error = data.training.lastError;
  $('foot').textContent = `Updated ${when(data.generatedAt)}.${error ? ` Last failed training (${when(error.at)}): ${error.error}` : ''}`;
}

async function load() {
  try {
    const response = await fetch(DATA_URL, { cache: 'no-store' });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    render(await response.json());
  } catch (error) {
    const notice = $('load-error');
    notice.textContent = `Could not load the dashboard data (${error.message}). Is the server running?`;
    notice.hidden = false;
  }
}

function setStatus(text, isError = false) {
  const status = $('train-status');
  status.textContent = text;
  status.classList.toggle('error', isError);
}

async function retrain() {
  const button = $('retrain');
  button.disabled = true;
  button.dataset.busy = '1';
  button.textContent = 'Training…';
  setStatus('Training on the latest behaviour of every visitor…');
  try {
    const response = await fetch(TRAIN_URL, { method: 'POST' });
    const body = await response.json().catch(() => ({}));
    if (response.ok) {
      const kept = body.ids.kept.length;
      setStatus(`Done: ${body.k} clusters from ${number(body.vectors.used, 0)} visitors in ${number(body.durationMs / 1000, 1)} s`
        + (kept ? `, ${kept} kept their id.` : '.'));
    } else if (response.status === 409) setStatus('A training run is already in progress.', true);
    else if (response.status === 422 && body.vectors && body.needed) {
      setStatus(`Not enough data yet: ${number(body.vectors.used, 0)} visitors have sent their behaviour, ${body.needed} are needed.`, true);
    }
    else setStatus(body.error ?? `Training failed (HTTP ${response.status}).`, true);
  } catch (error) {
    setStatus(`Training failed: ${error.message}`, true);
  } finally {
    delete button.dataset.busy;
    button.textContent = 'Retrain now';
    button.disabled = false;
    await load();
  }
}

$('retrain').addEventListener('click', retrain);
load();
setInterval(load, REFRESH_MS);
