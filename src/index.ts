export { createSeglet } from './createSeglet';
export type * from './types';
