/** The other end of a benchmark in a Worker thread, as the C references use a pthread. */
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';

/**
 * Starts `script` (the benchmark's own file, which acts as the other end when it is not
 * the main thread) in a Worker and waits for its first message, sent once it is ready:
 * its start (loading Node and the addon) stays out of the measurement.
 */
export async function startWorker(
  script: string,
  workerData?: unknown,
): Promise<{ worker: Worker; exited: Promise<unknown> }> {
  const worker = new Worker(script, { workerData });
  const exited = once(worker, 'exit');
  await once(worker, 'message');
  return { worker, exited };
}
