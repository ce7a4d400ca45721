/** True for a plain object whose values are all strings, numbers, booleans or null. */
export function isFlatProps(props: unknown): props is Record<string, string | number | boolean | null> {
  if (!props || typeof props !== 'object' || Array.isArray(props)) return false;
  // `typeof` of a string, number or boolean is a word of this one; of a bigint, symbol, function, object or undefined not.
  return Object.values(props).every((v) => v === null || 'string number boolean'.includes(typeof v));
}
