import type { CommandModule } from 'yargs';
import { ingestCommand } from './ingest.js';
import { queryCommand } from './query.js';

/** Every command of the program; each lives in its own file beside this one. */
export const commands = [ingestCommand, queryCommand] as unknown as CommandModule[];
