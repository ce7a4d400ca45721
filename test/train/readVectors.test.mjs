import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readVectors } from '../../train/readVectors.mjs';

const fromLines = (lines) => Readable.from([lines.join('\n')]);

describe('readVectors', () => {
  it('takes plain vectors and sync batches, features from the first valid line in order', async () => {
    const file = await readVectors(fromLines([
      '{"b": 2, "a": 1, "name": "x"}',
      '{"v": 1, "batchId": "u", "features": {"a": 3, "b": 4, "extra": 9}}',
      '{"a": 5, "b": 6}',
    ]));
    expect(file.features).toEqual(['b', 'a']);
    expect(Array.from(file.data)).toEqual([2, 1, 4, 3, 6, 5]);
    expect(file.count).toBe(3);
  });

  it('reports bad lines with their numbers, skips them, ignores blank lines', async () => {
    const file = await readVectors(fromLines([
      '{"a": 1, "b": 2}',
      '',
      'not json',
      '[1, 2]',
      '{"a": 1}',
      '{"a": "1", "b": 2}',
      '   ',
      '{"a": 3, "b": 4}',
      '{"features": {"a": null, "b": 1}}',
    ]));
    expect(file.bad).toEqual([
      { line: 3, reason: 'not valid JSON' },
      { line: 4, reason: 'not a JSON object' },
      { line: 5, reason: 'missing feature "b"' },
      { line: 6, reason: 'feature "a" is not a finite number' },
      { line: 9, reason: 'feature "a" is not a finite number' },
    ]);
    expect(file.badCount).toBe(5);
    expect(file.lines).toBe(9);
    expect(Array.from(file.data)).toEqual([1, 2, 3, 4]);
  });

  it('uses the given features and counts bad lines beyond the first 20', async () => {
    const lines = Array.from({ length: 30 }, (_, i) => `{"x": ${i}}`);
    const file = await readVectors(fromLines(['{"x": 1, "y": 2}', ...lines]), { features: ['y'] });
    expect(file.count).toBe(1);
    expect(file.badCount).toBe(30);
    expect(file.bad).toHaveLength(20);
    expect(file.bad[19]).toEqual({ line: 21, reason: 'missing feature "y"' });
  });

  it('skips sync batches marked as bots, counting them apart', async () => {
    const file = await readVectors(fromLines(['{"bot": true, "features": {"a": 100}}', '{"bot": false, "features": {"a": 1}}']));
    expect(file.botCount).toBe(1);
    expect(Array.from(file.data)).toEqual([1]);
  });

  it('rejects a missing file', async () => {
    await expect(readVectors('/nonexistent/vectors.ndjson')).rejects.toThrow(/ENOENT/);
  });
});
