/**
 * Maps a string to a number in [0, 1), the same on every device and run: FNV-1a over UTF-16 code units,
 * then a murmur3 finalizer so that ids differing in one character land far apart.
 *
 * @example
 * unitHash('visitor-1\ncart-abandoner') < 0.1 // in a 10% control group, or not, for good
 */
export function unitHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return ((h ^ (h >>> 16)) >>> 0) / 2 ** 32;
}
