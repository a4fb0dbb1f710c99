// Measures build contexts on a worker thread of the language server, so that even a context of millions of files
// never takes time from diagnostics; falls back to slices on the main thread where no worker can start.
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { ContextSize, measureContext, measureContextSync } from './contextSize';

interface Request {
  id: number;
  dir: string;
  ignoreFile: string | undefined;
  budgetMs: number;
}

interface Answer {
  id: number;
  size: ContextSize;
  dirs: [string, number][];
}

/** The `workerData` that makes a script run `serveContextWorker` instead of its usual entry point. */
export const CONTEXT_WORKER_DATA = { dockmlContextWorker: true };

/** Whether this thread was started to measure contexts. */
export function isContextWorker(): boolean {
  return !isMainThread && (workerData as { dockmlContextWorker?: boolean } | null)?.dockmlContextWorker === true;
}

/** The worker's loop: one measurement per request, in order. */
export function serveContextWorker(): void {
  parentPort!.on('message', (request: Request) => {
    const dirs = new Map<string, number>();
    const size = measureContextSync(request.dir, request.ignoreFile, request.budgetMs, dirs);
    parentPort!.postMessage({ id: request.id, size, dirs: [...dirs] } satisfies Answer);
  });
}

/** Sends measurements to one worker thread running `script`, started on first use and never keeping the process up. */
export class ContextWorker {
  private worker: Worker | undefined;
  private broken = false;
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve: (answer: Answer) => void; reject: (error: Error) => void }>();

  constructor(private readonly script: string) {}

  /** Measures on the worker, or on this thread in slices when the worker cannot start or died. */
  async measure(dir: string, ignoreFile: string | undefined, budgetMs: number, dirs: Map<string, number>): Promise<ContextSize> {
    const worker = this.start();
    if (worker) {
      try {
        const answer = await new Promise<Answer>((resolve, reject) => {
          const id = this.nextId++;
          this.waiting.set(id, { resolve, reject });
          worker.postMessage({ id, dir, ignoreFile, budgetMs } satisfies Request);
        });
        for (const [folder, mtime] of answer.dirs) dirs.set(folder, mtime);
        return answer.size;
      } catch {
        // The worker died: this measurement runs here.
      }
    }
    return measureContext(dir, ignoreFile, budgetMs, dirs);
  }

  /** Whether measurements run on the worker thread (false once it could not start or died). */
  get onWorker(): boolean {
    return !this.broken;
  }

  /** Ends the worker. */
  dispose(): void {
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private start(): Worker | undefined {
    if (this.broken) return undefined;
    if (this.worker) return this.worker;
    try {
      const worker = new Worker(this.script, { workerData: CONTEXT_WORKER_DATA });
      worker.unref();
      worker.on('message', (answer: Answer) => {
        this.waiting.get(answer.id)?.resolve(answer);
        this.waiting.delete(answer.id);
      });
      const fail = (error: Error) => {
        this.broken = true;
        this.worker = undefined;
        for (const waiter of this.waiting.values()) waiter.reject(error);
        this.waiting.clear();
      };
      worker.on('error', fail);
      worker.on('exit', (code) => fail(new Error(`the context worker exited with code ${code}`)));
      this.worker = worker;
      return worker;
    } catch {
      this.broken = true;
      return undefined;
    }
  }
}
