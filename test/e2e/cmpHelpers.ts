import type { Frame, Page } from '@playwright/test';
import { clickInTurn, expect } from './fixtures';

/** A page, or a frame of one: seglet may run in either. */
export type Where = Page | Frame;

/** Longer than both the 1 s coalesced save and the 2 s sync batching: what was to happen has happened. */
export const SETTLE_MS = 3200;

type Server = { syncLog(): Promise<unknown[]> };

/** The segment changes the reference server received. */
export async function syncedChanges(server: Server): Promise<{ id: string; op: string }[]> {
  return ((await server.syncLog()) as { changes?: { id: string; op: string }[] }[]).flatMap((b) => b.changes ?? []);
}

/** The seglet events recorded so far (test/e2e/fixtures.ts `recordEvents`). */
export function recorded(where: Where): Promise<Array<Record<string, unknown>>> {
  return where.evaluate(() => (window as unknown as { __events: Array<Record<string, unknown>> }).__events);
}

/** Waits for seglet's `ready`. */
export async function whenReady(where: Where): Promise<void> {
  await where.waitForFunction(() => (window as any).__events?.some((e: { type: string }) => e.type === 'ready'));
}

/** Becomes a reader (one click on "Read more") and waits for the page to hear of it. */
export async function becomeReader(page: Page, where: Where = page): Promise<void> {
  await clickInTurn(page, [where.locator('#read')]);
  await expect.poll(async () => (await recorded(where)).filter((e) => e.type === 'enter').map((e) => e.segment)).toContain('reader');
}

/** seglet's footprint in the browser's storage, read without creating anything. */
export function onDevice(where: Where): Promise<{ databases: string[]; localStorage: string[] }> {
  return where.evaluate(async () => ({
    databases: (await indexedDB.databases()).map((d) => d.name!).filter((name) => name === 'seglet'),
    localStorage: Object.keys(localStorage).filter((key) => key.startsWith('seglet')),
  }));
}

/** Nothing stored, nothing sent, after everything seglet had to do has had its time. */
export async function expectNothingKept(where: Where, server: Server): Promise<void> {
  await where.evaluate(() => (window as any).seglet.flush());
  await where.waitForTimeout(SETTLE_MS);
  await where.evaluate(() => (window as any).seglet.flush());
  expect(await onDevice(where)).toEqual({ databases: [], localStorage: [] });
  expect(await server.syncLog()).toEqual([]);
}

/** Consent granted: the reader's entry is synced and seglet's state and cache are on the device. */
export async function expectKept(where: Where, server: Server): Promise<void> {
  await expect.poll(() => syncedChanges(server)).toContainEqual(expect.objectContaining({ id: 'reader', op: 'enter' }));
  await expect.poll(() => onDevice(where)).toEqual({ databases: ['seglet'], localStorage: ['seglet:segments'] });
}

/** Consent denied after it was granted: the reader left, and the device holds nothing of seglet's. */
export async function expectWiped(where: Where): Promise<void> {
  await expect.poll(async () => (await recorded(where)).filter((e) => e.type === 'exit').map((e) => e.segment)).toContain('reader');
  await expect.poll(() => onDevice(where)).toEqual({ databases: [], localStorage: [] });
  expect(await where.evaluate(() => (window as any).seglet.has('reader'))).toBe(false);
}
