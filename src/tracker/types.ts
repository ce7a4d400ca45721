import type { Scalar } from '../engine/types';

/** Records one captured event: the tracker's only way out. */
export type Capture = (name: string, props: Record<string, Scalar>) => void;

/** Removes what a capture module installed. */
export type Stop = () => void;
