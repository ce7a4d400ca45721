/**
 * Replacing a file atomically with an edited copy of itself, line by line: what a forget does to `sync.ndjson`
 * (the appender runs it in its queue). The copy is written beside the file and renamed over it, so a crash
 * leaves either the old file or the new one, plus at worst a leftover copy that the next start removes.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';

/** A rewrite hands the disk this much text at a time: few writes, and never the whole file in memory. */
const REWRITE_CHUNK_CHARS = 256 * 1024;

/** @typedef {(line: string, index: number) => string | null} EditLine what a line becomes (`null`: removed) */

/**
 * Writes the edited lines of `file` to a temporary file beside it, flushes it, renames it over `file` and
 * flushes the directory. On failure the temporary file is removed and `file` is untouched.
 * @param {string} file
 * @param {EditLine} edit
 * @param {() => string[]} tail
 */
export async function rewriteLines(file, edit, tail) {
  const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  const out = await open(temporary, 'wx');
  try {
    let chunk = '';
    /** @param {string} line */
    const put = async (line) => {
      chunk += `${line}\n`;
      if (chunk.length < REWRITE_CHUNK_CHARS) return;
      await out.appendFile(chunk);
      chunk = '';
    };
    if (await stat(file).catch(() => null)) {
      let index = 0;
      for await (const line of createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity })) {
        const kept = edit(line, index++);
        if (kept !== null) await put(kept);
      }
    }
    for (const line of tail()) await put(line);
    await out.appendFile(chunk);
    await out.sync();
    await out.close();
    await rename(temporary, file);
  } catch (error) {
    await out.close().catch(() => {});
    await rm(temporary, { force: true });
    throw error;
  }
  await syncDirectory(path.dirname(file));
}

/**
 * Removes what a rewrite interrupted by a crash left beside `file`: a full copy of the file, forgotten
 * visitors included. Only one server may use a data directory at a time.
 * @param {string} file
 */
export async function removeRewriteLeftovers(file) {
  const dir = path.dirname(file);
  const prefix = `${path.basename(file)}.`;
  const names = await readdir(dir).catch(() => /** @type {string[]} */ ([]));
  await Promise.all(names.filter((name) => name.startsWith(prefix) && name.endsWith('.tmp'))
    .map((name) => rm(path.join(dir, name), { force: true })));
}

/**
 * fsyncs a directory, where the platform allows it (not on Windows).
 * @param {string} dir
 */
export async function syncDirectory(dir) {
  const handle = await open(dir, 'r').catch(() => null);
  await handle?.sync().catch(() => {});
  await handle?.close();
}
