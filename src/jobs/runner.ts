/**
 * What executes runs, whichever kind: the embedded in-process loop (worker.ts) or server
 * mode's graphile-worker pool (graphile-runner.ts). Callers see only this.
 */
export interface RunRunner {
  readonly id: string;
  /** A run was queued: look for work now (graphile-worker hears of jobs by itself). */
  kick(): void;
  /** Resolves once no run is queued or running (tests, the demo, the CLI). */
  drain(): Promise<void>;
  /** Finishes or hands back the runs in flight, then stops. */
  stop(): Promise<void>;
}
