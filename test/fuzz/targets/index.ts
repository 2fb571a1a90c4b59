/**
 * Every fuzz target, in the order `npm run fuzz` runs them. Add a target by importing its
 * module here; names must be unique.
 */
import type { FuzzTarget } from '../target.js';
import { target as hmacHeader } from './hmac-header.js';
import { target as pkg0Decode } from './pkg0-decode.js';

/** The registered targets. */
export const targets: readonly FuzzTarget[] = [pkg0Decode, hmacHeader];
