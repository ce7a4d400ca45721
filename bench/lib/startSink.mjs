/**
 * A local stand-in for a peer SDK's vendor hosts (ingestion, settings, lazily loaded scripts) on its own
 * 127.0.0.1 port, cross-origin to the bench page as the real hosts are. It records every request in the
 * traffic log and answers as the vendor would, minimally: the bench measures the SDK in the page, not the vendor.
 */
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { countResponseBytes, preciseNow, readRequestBody } from './trafficLog.mjs';

const POSTHOG_DIST = fileURLToPath(new URL('../../node_modules/posthog-js/dist/', import.meta.url));

/**
 * posthog's `/flags` answer for a project with autocapture on and the add-ons that need their own scripts
 * (replay, surveys, heatmaps, web vitals, exception and dead-click capture) off: the cheapest posthog setup
 * that still autocaptures.
 */
const POSTHOG_FLAGS = {
  flags: {}, featureFlags: {}, featureFlagPayloads: {}, errorsWhileComputingFlags: false, quotaLimited: [],
  supportedCompression: ['gzip', 'gzip-js'], autocapture_opt_out: false, autocaptureExceptions: false,
  capturePerformance: false, heatmaps: false, surveys: false, sessionRecording: false, siteApps: [],
  toolbarParams: {}, elementsChainAsString: true, captureDeadClicks: false, defaultIdentifiedOnly: true,
};

/**
 * What a Segment source with no destinations gets from cdn.segment.com; ingestion goes where the page's
 * load options say (`integrations['Segment.io'].apiHost`).
 * @param {string} host `127.0.0.1:port`
 */
const segmentSettings = (host) => ({
  integrations: { 'Segment.io': { apiKey: 'bench', apiHost: `${host}/v1`, protocol: 'http', unbundledIntegrations: [], addBundledMetadata: true, maybeBundledConfigIds: {}, versionSettings: { version: '4.4.7', componentTypes: ['browser'] } } },
  plan: { track: { __default: { enabled: true, integrations: {} } }, identify: { __default: { enabled: true } }, group: { __default: { enabled: true } } },
  edgeFunction: {}, analyticsNextEnabled: true, middlewareSettings: {}, enabledMiddleware: {}, metrics: { sampleRate: 0.1 },
  legacyVideoPluginsEnabled: false, remotePlugins: [],
});

/**
 * @param {string} name the peer this sink stands in for: 'posthog', 'segment', 'amplitude', 'snowplow'
 * @param {import('./trafficLog.mjs').TrafficEntry[]} entries where requests are recorded
 * @returns {Promise<{ url: string, close(): Promise<void> }>}
 */
export async function startSink(name, entries) {
  let origin = '';
  const server = http.createServer(async (req, res) => {
    const [path, query = ''] = (req.url ?? '/').split('?');
    const { text } = await readRequestBody(req).catch(() => ({ text: '' }));
    const at = preciseNow();
    countResponseBytes(res, (bytes, script) => entries.push({
      server: name, method: req.method ?? '', path, query, status: res.statusCode,
      contentType: String(res.getHeader('content-type') ?? ''), bytes, script, body: text, at,
    }));
    // Every vendor host answers cross-origin calls, credentials included (posthog, Snowplow send cookies).
    res.setHeader('Access-Control-Allow-Origin', req.headers.origin ?? '*');
    res.setHeader('Access-Control-Allow-Credentials', 'true');
    res.setHeader('Vary', 'Origin');
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
        'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] ?? '*',
        'Access-Control-Max-Age': '600',
      });
      return res.end();
    }
    const answer = await respond(name, path, origin).catch(() => null);
    if (!answer) return json(res, 404, { error: 'not found' });
    res.setHeader('Content-Type', answer.type);
    res.setHeader('Cache-Control', 'no-cache');
    res.writeHead(200);
    res.end(answer.body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  origin = `http://127.0.0.1:${port}`;
  return {
    url: origin,
    close: () => new Promise((resolve) => (server.close(() => resolve()), server.closeAllConnections())),
  };
}

/**
 * @param {string} name
 * @param {string} path
 * @param {string} origin
 * @returns {Promise<{ type: string, body: string | Buffer }>}
 */
async function respond(name, path, origin) {
  const ok = (/** @type {unknown} */ value) => ({ type: 'application/json', body: JSON.stringify(value) });
  if (name === 'posthog') {
    const asset = /^\/static\/(?:[\d.]+\/)?([^/]+)$/.exec(path);
    if (asset) {
      const file = asset[1];
      if (!/^[\w.-]+\.js$/.test(file)) throw new Error('bad name');
      return { type: 'text/javascript', body: await readFile(POSTHOG_DIST + file) };
    }
    if (path.startsWith('/flags') || path.startsWith('/decide')) return ok(POSTHOG_FLAGS);
    if (path.startsWith('/array/') && path.endsWith('.js')) return { type: 'text/javascript', body: '' };
    if (path.startsWith('/array/')) return ok({ ...POSTHOG_FLAGS, flags: undefined, featureFlags: undefined });
    return ok({ status: 1 });
  }
  if (name === 'segment') {
    if (/^\/v1\/projects\/[^/]+\/settings$/.test(path)) return ok(segmentSettings(new URL(origin).host));
    return ok({ success: true });
  }
  if (name === 'amplitude') {
    if (path.startsWith('/config')) return ok({ configs: {} });
    return ok({ code: 200, events_ingested: 1, payload_size_bytes: 0, server_upload_time: Date.now() });
  }
  return { type: 'text/plain', body: 'ok' };
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {unknown} value
 */
function json(res, status, value) {
  res.setHeader('Content-Type', 'application/json');
  res.writeHead(status);
  res.end(JSON.stringify(value));
}
