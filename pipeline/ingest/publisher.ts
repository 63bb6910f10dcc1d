/**
 * Runs jobs on a fixed set of slots (a connection, or just a number), each slot one job at a
 * time, started in the order they were submitted, at most `limit` at once (one until told
 * otherwise). With one DuckDB thread per job, two slots write two files' partitions on two
 * cores.
 */
export class Publisher<Slot, T> {
  private readonly waiting: T[] = [];
  private readonly idle: Slot[];
  private running = 0;
  private limit = 1;
  private failure: { error: unknown } | null = null;
  private readonly drainers: (() => void)[] = [];

  constructor(
    slots: Slot[],
    private readonly job: (slot: Slot, item: T) => Promise<void>,
  ) {
    this.idle = [...slots];
  }

  /** Jobs run at once from now on, up to the number of slots. */
  setConcurrency(limit: number): void {
    this.limit = Math.max(1, limit);
    this.pump();
  }

  /** Queues `item`; after a job has failed, nothing more is queued. */
  submit(item: T): void {
    if (this.failure !== null) return;
    this.waiting.push(item);
    this.pump();
  }

  /** Settles when every submitted job has finished; rejects with the first job's error. */
  async drain(): Promise<void> {
    if (this.running > 0 || this.waiting.length > 0) {
      await new Promise<void>((done) => this.drainers.push(done));
    }
    if (this.failure !== null) throw this.failure.error;
  }

  private pump(): void {
    while (
      this.failure === null &&
      this.running < this.limit &&
      this.idle.length > 0 &&
      this.waiting.length > 0
    ) {
      const slot = this.idle.pop()!;
      const item = this.waiting.shift()!;
      this.running++;
      this.job(slot, item)
        .catch((error: unknown) => {
          // The first failure stops the rest: what is waiting is not started.
          this.failure ??= { error };
          this.waiting.length = 0;
        })
        .finally(() => {
          this.running--;
          this.idle.push(slot);
          this.pump();
          if (this.running === 0 && this.waiting.length === 0) {
            for (const done of this.drainers.splice(0)) done();
          }
        });
    }
  }
}
