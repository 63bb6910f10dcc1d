#!/usr/bin/env -S node --single-threaded-gc
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { CliError, EXIT } from './errors.js';
import { commands } from './commands/index.js';

const debug = process.argv.includes('--debug');

try {
  let program = yargs(hideBin(process.argv))
    .scriptName('starttls-census')
    .usage('$0 <command> [options]\n\nSTARTTLS results of outbound mail, from MTA logs.')
    .option('quiet', {
      type: 'boolean',
      default: false,
      describe: 'Print only warnings and errors',
    })
    .option('json', { type: 'boolean', default: false, describe: 'Log one JSON object per line' })
    .option('debug', { type: 'boolean', default: false, describe: 'Show stack traces' })
    .demandCommand(1, 'Name a command; --help lists them.')
    .strict()
    .wrap(100)
    .fail((message, error) => {
      if (error) throw error;
      throw new CliError(`${message}\nRun with --help for usage.`, EXIT.USAGE);
    });
  for (const command of commands) program = program.command(command);
  await program.parseAsync();
} catch (error) {
  if (error instanceof CliError) {
    process.stderr.write(`starttls-census: ${error.message}\n`);
    process.exitCode = error.exitCode;
  } else {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`starttls-census: internal error: ${message}\n`);
    if (debug && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    else process.stderr.write('Run again with --debug for the stack trace.\n');
    process.exitCode = EXIT.INTERNAL;
  }
}
