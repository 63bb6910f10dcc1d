import type { CommandModule } from 'yargs';
import { benchCommand } from './bench.js';
import { ingestCommand } from './ingest.js';
import { probeCommand } from './probe.js';
import { queryCommand } from './query.js';
import { reportCommand } from './report.js';
import { runCommand } from './run.js';
import { sampleCommand } from './sample.js';

/** Every command of the program; each lives in its own file beside this one. */
export const commands = [
  runCommand,
  ingestCommand,
  queryCommand,
  reportCommand,
  probeCommand,
  sampleCommand,
  benchCommand,
] as unknown as CommandModule[];
