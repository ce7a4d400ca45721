import type { Scalar } from '../engine/types';

/** Records one captured event, at `at` (epoch ms; now when omitted): the tracker's only way out. */
export type Capture = (name: string, props: Record<string, Scalar>, at?: number) => void;

/** Removes what a capture module installed. */
export type Stop = () => void;
