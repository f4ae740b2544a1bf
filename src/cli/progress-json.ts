/**
 * A run's progress as JSON log lines (`--log-format json`): one `progress`
 * line per stage at most every `intervalMs` (default 1,000), and one when
 * the stage ends. Written through the run's logger, so each line carries the
 * run id like every other line of the run.
 */
import type { Clock, Logger, Progress } from '../context/run-context.js';

export function jsonProgress(logger: Logger, clock: Clock, intervalMs = 1_000): Progress {
  const stages = new Map<string, { startedAt: number; shownAt: number; done: number; total: number | undefined }>();
  const show = (stage: string, state: { startedAt: number; done: number; total: number | undefined }, finished: boolean) => {
    const seconds = (clock.now() - state.startedAt) / 1000;
    logger.info('progress', {
      event: 'progress',
      stage,
      done: state.done,
      ...(state.total !== undefined ? { total: state.total } : {}),
      perSecond: seconds > 0 ? Math.round((state.done / seconds) * 10) / 10 : 0,
      finished,
    });
  };
  return {
    update(stage, done, total) {
      const now = clock.now();
      const state = stages.get(stage) ?? { startedAt: now, shownAt: -Infinity, done, total };
      state.done = done;
      state.total = total ?? state.total;
      stages.set(stage, state);
      if (now - state.shownAt < intervalMs) return;
      state.shownAt = now;
      show(stage, state, false);
    },
    finish(stage) {
      const state = stages.get(stage);
      if (!state) return;
      show(stage, state, true);
      stages.delete(stage);
    },
  };
}
