import { execFile, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { DRIVERS } from '../mtas/index.js';
import { RESULT_FILE, type ConfigRun, type Job, type JobResult } from './job.js';
import type { InsideContext } from './mta.js';
import { setUpNamespace } from './namespace-setup.js';
import { startReceiver, type Attempt, type Receiver } from './receiver.js';
import { SCENARIOS, recipientOf } from './scenarios.js';
import { settle } from './settle.js';

/**
 * The process that runs inside the namespace (as its PID 1: when it exits, every MTA process
 * it started goes too). It sets the namespace up, starts a receiver on every live address, and
 * for each configuration starts the MTA, queues one message per scenario, waits for the queue
 * to settle and stops the MTA. It writes what it saw to the result file and exits.
 */
async function main(jobFile: string): Promise<void> {
  const job = JSON.parse(readFileSync(jobFile, 'utf8')) as Job;
  const driver = DRIVERS[job.mta];
  const result: JobResult = { versions: {}, runs: [], error: null };
  const receivers: Receiver[] = [];
  try {
    const context = insideContext(job);
    setUpNamespace(job.tree, job.scratch, driver, SCENARIOS, context.exec);
    driver.prepare(context);
    result.versions = driver.versions(context);

    let attempts: Attempt[] = [];
    let queueIds = 0;
    const newQueueId = () => `C3NSUS${String(++queueIds).padStart(4, '0')}`;
    for (const scenario of SCENARIOS) {
      const files = job.servers[scenario.name];
      if (!files) throw new Error(`no certificate for scenario ${scenario.name}`);
      for (const address of scenario.addresses) {
        if (scenario.deadAddresses.includes(address)) continue;
        const record = (a: Attempt) => attempts.push(a);
        receivers.push(await startReceiver(scenario, address, files, record, newQueueId));
      }
    }

    for (const name of job.configs) {
      const config = driver.configs.find((c) => c.name === name);
      if (!config) throw new Error(`${driver.name} has no configuration ${name}`);
      const started = Date.now();
      attempts = [];
      const logFile = await driver.start(config, context);
      for (const scenario of SCENARIOS) driver.submit(recipientOf(scenario), context);
      const expectations = driver.expectations(config.name);
      const unsettled = await settle(
        driver,
        logFile,
        expectations,
        context,
        job.settleTimeoutMillis,
      );
      await driver.stop(context);
      const run: ConfigRun = {
        config: config.name,
        logFile,
        attempts,
        unsettled,
        durationMillis: Date.now() - started,
      };
      result.runs.push(run);
    }
  } catch (error) {
    result.error = error instanceof Error ? (error.stack ?? error.message) : String(error);
  } finally {
    await Promise.all(receivers.map((r) => r.close()));
    writeFileSync(path.join(job.scratch, RESULT_FILE), JSON.stringify(result, null, 2));
  }
}

function insideContext(job: Job): InsideContext {
  mkdirSync(job.scratch, { recursive: true });
  const env = { ...process.env, TZ: 'UTC', LC_ALL: 'C' };
  return {
    scratch: job.scratch,
    caFile: job.caFile,
    scenarios: SCENARIOS,
    exec(command, args, input) {
      try {
        return execFileSync(command, args, {
          encoding: 'utf8',
          input,
          stdio: ['pipe', 'pipe', 'pipe'],
          env,
        });
      } catch (error) {
        const e = error as { stderr?: string; stdout?: string; message: string };
        const detail = `${e.stderr ?? ''}${e.stdout ?? ''}`.trim() || e.message;
        throw new Error(`${command} ${args.join(' ')}: ${detail.slice(0, 2000)}`);
      }
    },
    run(command, args) {
      return new Promise((resolve, reject) => {
        execFile(command, args, { encoding: 'utf8', env }, (error, stdout, stderr) => {
          if (error) reject(new Error(`${command} ${args.join(' ')}: ${stderr || error.message}`));
          else resolve(stdout);
        });
      });
    },
    spawn(command, args) {
      const child = spawn(command, args, { stdio: 'ignore', env });
      return {
        async stop() {
          if (child.exitCode !== null || child.signalCode !== null) return;
          const exited = once(child, 'exit');
          child.kill('SIGTERM');
          await exited;
        },
      };
    },
  };
}

const jobFile = process.argv[2];
if (jobFile === undefined) {
  process.stderr.write('usage: inside.ts JOB.json\n');
  process.exit(2);
}
await main(jobFile);
process.exit(0);
