import type { Figure } from '../figure.js';
import { fig01Overall } from './fig01-overall.js';

/** Every figure of the report, in the order the report prints them. */
export const FIGURES: readonly Figure[] = [fig01Overall];
