/**
 * The shape of `bench/results/latest.json` (types only, for the report modules).
 *
 * @typedef {{ n: number, p50: number, p95: number, p99: number, max: number }} Percentiles
 * @typedef {{ rules: number, history: number, usPerEvent: number, eventsPerSecond: number, heapMiB: number, stateKiB: number }} EngineRow
 * @typedef {ReturnType<typeof import('./summarize.mjs').summarize>} Summary
 * @typedef {Summary['goals'][number]} Goal
 * @typedef {object} Machine
 * @property {string} cpu
 * @property {number} cores
 * @property {number} memoryGiB
 * @property {string} os
 * @property {string} node
 * @property {string} chromium
 * @property {string} playwright
 * @property {number[]} loadAverage 1-minute load average at each stage of the run
 * @property {string} commit `git describe`-like: the commit, and "+ local changes" when the tree was dirty
 *
 * @typedef {object} Results
 * @property {string} date ISO-8601
 * @property {Machine} machine
 * @property {Record<string, unknown>} config
 * @property {Awaited<ReturnType<typeof import('../page-cost/runPageCost.mjs').runPageCost>> | null} pageCost
 * @property {Awaited<ReturnType<typeof import('../page-cost/profileSeglet.mjs').profileSeglet>> | null} profile
 * @property {Awaited<ReturnType<typeof import('../latency/runLatency.mjs').runLatency>> | null} latency
 * @property {EngineRow[] | null} engine
 * @property {Summary} summary
 */
export {};
