// dist/schema/model.json against the SDK's own verdict on a model: parseModel.
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { expect, test } from 'vitest';
import { parseModel } from '../../../src/engine/modelSchema';

const read = (path: string) => JSON.parse(readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8'));
const ajv = addFormats(new Ajv2020({ strict: true, strictRequired: false, allowUnionTypes: true }));
const validate = ajv.compile(read('dist/schema/model.json'));

const MODEL = {
  version: '2026-11-22T10:00:00Z',
  features: ['page_velocity', 'cart_adds_7d'],
  scaler: { mean: [1, 0.5], std: [0.5, 1] },
  centroids: [{ id: 'browser', label: 'Browser', center: [2, 0] }, { id: 'Shopper', center: [0, 2] }],
  maxDistance: 3,
  rules: [{ id: 'r', when: { cluster: 'browser' } }, { id: 'not a rule' }],
  weights: { cart_adds: 2 },
  collectFeatures: true,
  reference: { quantiles: {} },
};
const model = (patch: Record<string, unknown>) => ({ ...MODEL, ...patch });

test('model.json agrees with the SDK, but for the checks it leaves to code', () => {
  const agreed = [
    MODEL,
    read('examples/server/model.json'),
    { version: 'rules only', rules: [] },
    { version: 'v1', features: [], scaler: { mean: [], std: [] }, centroids: [], maxDistance: 3, rules: [{ id: 'r', when: { count: 'click', within: '1m', gte: 2 } }], weights: {}, collectFeatures: false },
    {},
    { version: '' },
    model({ features: ['page_velocity', 'shoe_size'] }),
    { version: 'v', features: ['page_velocity'], centroids: [{ id: 'a', center: [0] }] },
    { version: 'v', scaler: { mean: [0], std: [1] } },
    model({ scaler: { mean: [1, 1], std: [1, 1], median: [0, 0] } }),
    model({ centroids: [{ id: 'has space', center: [0, 0] }] }),
    model({ maxDistance: 0 }),
    model({ weights: { shoe_size: 1 } }),
    model({ rules: {} }),
    model({ collectFeatures: 'yes' }),
  ];
  const verdicts = (models: unknown[]) => models.map((m) => ({ m, valid: 'model' in parseModel(m) }));
  expect(agreed.map((m) => ({ m, valid: validate(m) }))).toEqual(verdicts(agreed));
  expect(verdicts(agreed).filter((v) => v.valid)).toHaveLength(4);

  // Lengths that must agree, positive deviations and unique ids take code: model.json's description says so.
  const leftToCode = [
    model({ scaler: { mean: [1], std: [1, 1] } }),
    model({ scaler: { mean: [1, 1], std: [1, 0] } }),
    model({ centroids: [{ id: 'a', center: [1] }] }),
    model({ centroids: [{ id: 'a', center: [0, 0] }, { id: 'a', center: [1, 1] }] }),
    model({ features: [] }),
    { version: 'v', features: [], scaler: { mean: [], std: [] }, centroids: [{ id: 'a', center: [] }] },
  ];
  expect(leftToCode.map((m) => validate(m))).toEqual(leftToCode.map(() => true));
  expect(verdicts(leftToCode).map((v) => v.valid)).toEqual(leftToCode.map(() => false));
  expect(read('dist/schema/model.json').description).toMatch(/one number per feature.*> 0.*unique centroid ids.*needs at least one feature/);
});
