// @ts-check

/**
 * Lays out rows as a plain-text table for the terminal: columns padded to their widest cell, text
 * left-aligned, numbers right-aligned.
 *
 * @param {string[]} headers
 * @param {(string | number)[][]} rows
 * @returns {string} lines joined with "\n", no trailing newline
 * @example formatTable(['k', 'inertia'], [[2, '812.4']]) // 'k  inertia\n2    812.4'
 */
export function formatTable(headers, rows) {
  const cells = [headers, ...rows.map((row) => row.map(String))];
  const widths = headers.map((_, c) => Math.max(...cells.map((row) => row[c].length)));
  const numeric = headers.map((_, c) => rows.length > 0 && rows.every((row) => typeof row[c] === 'number' || /^[-<>\d.]/.test(String(row[c]))));
  return cells
    .map((row) => row.map((cell, c) => (numeric[c] ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ').trimEnd())
    .join('\n');
}
