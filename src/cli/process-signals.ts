/**
 * How the process asks a run to stop. The first SIGINT or SIGTERM, or a
 * closed stdout (EPIPE: `deskbee-sync apply --yes | head -1`), aborts the
 * run's signal: no new change starts, the changes in flight finish (each
 * bounded by the request timeout), and the run is recorded as interrupted.
 * A second SIGINT or SIGTERM ends the process at once with 130; the next
 * run then closes the abandoned one as interrupted.
 */
export interface StopWiring {
  signal: AbortSignal;
  /** True once stdout was found closed. */
  outputClosed(): boolean;
  /** Removes the signal handlers. The stdout listener stays: a closed pipe may report itself after the run has ended. */
  dispose(): void;
}

/** Wires SIGINT, SIGTERM and EPIPE on `stdout` to one abort signal. */
export function wireStops(stdout: NodeJS.WritableStream, stderr: NodeJS.WritableStream): StopWiring {
  const controller = new AbortController();
  let closed = false;
  const onSignal = (name: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      stderr.write(`deskbee-sync: ${name} again: stopping now.\n`);
      process.exit(130);
    }
    stderr.write(`deskbee-sync: ${name}: stopping; changes already sent are finishing (${name} again to stop at once).\n`);
    controller.abort(new Error(`stopped by ${name}`));
  };
  // After EPIPE the stream is destroyed, and later writes report ERR_STREAM_DESTROYED: both mean the reader is gone.
  const onOutputError = (error: NodeJS.ErrnoException) => {
    closed = true;
    if (!controller.signal.aborted) controller.abort(new Error(`the output was closed (${error.code ?? error.message})`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  stdout.on('error', onOutputError);
  return {
    signal: controller.signal,
    outputClosed: () => closed,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
