/**
 * Durable writes for the sync store, one at a time: appends (a line is written and `fdatasync`ed before its
 * promise resolves, so nothing the server acknowledges is lost if the process or the machine stops right after)
 * and, rarely, a rewrite of the whole file (a forget), which later appends wait behind.
 */
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import { rewriteLines, syncDirectory } from './rewriteLines.mjs';

/**
 * Whether `file` is missing or ends with a newline: after a crash mid-write it may end in a torn line, which
 * the next line must not be glued to.
 * @param {string} file
 */
async function endsCleanly(file) {
  const size = (await stat(file).catch(() => null))?.size ?? 0;
  if (size === 0) return true;
  const handle = await open(file, 'r');
  try {
    const { buffer } = await handle.read(Buffer.alloc(1), 0, 1, size - 1);
    return buffer[0] === 0x0a;
  } finally {
    await handle.close();
  }
}

/**
 * @typedef {import('./rewriteLines.mjs').EditLine} EditLine
 * @typedef {{ text: string, resolve: (value?: any) => void, reject: (error: unknown) => void }} Append
 * @typedef {{ edit: EditLine, tail: () => string[], resolve: (value?: any) => void, reject: (error: unknown) => void }} Rewrite
 */

/**
 * Opens `file` for durable appends and atomic rewrites. Invariants, which the sync store relies on:
 * - work runs in arrival order: an append requested before a rewrite is in the file the rewrite reads, one
 *   requested after it is appended to the rewritten file, so no acknowledged line is lost to a rewrite;
 * - concurrent appends are written together and flushed with one `fdatasync` before any of them resolves; a
 *   failed write is truncated away, so the file never keeps half a line that the client will retry;
 * - a rewrite resolves once the new file has replaced the old one by `rename` (fsynced, directory too), so the
 *   file on disk is always either the old one or the new one, never a mix.
 * @param {string} file
 */
export async function createAppender(file) {
  let torn = !(await endsCleanly(file));
  if (!(await stat(file).catch(() => null))) {
    // Create the file and make its directory entry durable, so the first acknowledged line survives a crash.
    await (await open(file, 'a')).close();
    await syncDirectory(path.dirname(file));
  }
  /** @type {(Append | Rewrite)[]} */
  let queue = [];
  /** @type {Promise<void> | null} */
  let writing = null;

  /** @param {string} text */
  async function write(text) {
    const handle = await open(file, 'a');
    try {
      const { size } = await handle.stat();
      try {
        await handle.appendFile(torn ? `\n${text}` : text);
        await handle.datasync();
      } catch (error) {
        // Take a partial write back: the clients retry, and the next line must not be glued to half of this one.
        await handle.truncate(size).catch(() => void (torn = true));
        throw error;
      }
      torn = false;
    } finally {
      await handle.close();
    }
  }

  async function drain() {
    while (queue.length > 0) {
      const first = queue[0];
      if ('edit' in first) {
        queue.shift();
        try {
          first.resolve(await rewriteLines(file, first.edit, first.tail));
        } catch (error) {
          first.reject(error);
        }
        torn = !(await endsCleanly(file).catch(() => !torn));
        continue;
      }
      const end = queue.findIndex((entry) => 'edit' in entry);
      const group = /** @type {Append[]} */ (queue.splice(0, end === -1 ? queue.length : end));
      try {
        await write(group.map((entry) => entry.text).join(''));
        for (const entry of group) entry.resolve();
      } catch (error) {
        for (const entry of group) entry.reject(error);
      }
    }
    writing = null;
  }

  return {
    /**
     * Resolves once `line` (with its newline) is on disk, in arrival order.
     * @param {string} line
     * @returns {Promise<void>}
     */
    append: (line) =>
      new Promise((resolve, reject) => {
        queue.push({ text: `${line}\n`, resolve, reject });
        writing ??= drain();
      }),
    /**
     * Rewrites the file line by line once the work queued before it is done: `edit` maps each line (without
     * its newline) to its replacement or `null`, then the lines `tail()` returns are added at the end.
     * @param {EditLine} edit
     * @param {() => string[]} [tail] called after the last `edit`
     * @returns {Promise<void>}
     */
    rewrite: (edit, tail = () => []) =>
      new Promise((resolve, reject) => {
        queue.push({ edit, tail, resolve, reject });
        writing ??= drain();
      }),
  };
}
