/**
 * Durable appends for the sync store: a line is on disk (written and `fdatasync`ed) before its promise
 * resolves, so nothing the server acknowledges is lost if the process or the machine stops right after.
 */
import { open, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * Whether `file` is missing or ends with a newline: after a crash mid-write it may end in a torn line, which
 * the next line must not be glued to.
 * @param {string} file
 * @param {number} size
 */
async function endsCleanly(file, size) {
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
 * Appends lines to `file` durably: concurrent appends are written together and flushed to the disk with one
 * `fdatasync` before any of them resolves. A failed write is truncated away, so the file never keeps half a
 * line that the client will retry.
 * @param {string} file
 */
export async function createAppender(file) {
  const info = await stat(file).catch(() => null);
  let torn = !(await endsCleanly(file, info?.size ?? 0));
  if (!info) {
    // Create the file and make its directory entry durable, so the first acknowledged line survives a crash.
    await (await open(file, 'a')).close();
    await syncDirectory(path.dirname(file));
  }
  /** @type {{ text: string, resolve: () => void, reject: (error: unknown) => void }[]} */
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
      const group = queue;
      queue = [];
      try {
        await write(group.map((entry) => entry.text).join(''));
        for (const entry of group) entry.resolve();
      } catch (error) {
        for (const entry of group) entry.reject(error);
      }
    }
    writing = null;
  }

  /**
   * Resolves once `line` (with its newline) is on disk, in arrival order.
   * @param {string} line
   * @returns {Promise<void>}
   */
  return (line) =>
    new Promise((resolve, reject) => {
      queue.push({ text: `${line}\n`, resolve, reject });
      writing ??= drain();
    });
}

/**
 * fsyncs a directory, where the platform allows it (not on Windows).
 * @param {string} dir
 */
async function syncDirectory(dir) {
  const handle = await open(dir, 'r').catch(() => null);
  await handle?.sync().catch(() => {});
  await handle?.close();
}
