/**
 * A one-line progress bar on stderr for long bulk runs, drawn only on a terminal (in a pipe
 * or a log it would be noise), redrawn at most every 100 ms and erased when the run ends.
 */

export interface ProgressBar {
  /** `done` of `total` entries are finished. */
  update(done: number, total: number): void;
  /** Erases the bar. */
  stop(): void;
}

const WIDTH = 30;
const NONE: ProgressBar = { update() {}, stop() {} };

/** A bar labelled `label` on `stream`, or one that draws nothing when `stream` is not a terminal. */
export function progressBar(stream: NodeJS.WritableStream & { isTTY?: boolean }, label: string): ProgressBar {
  if (stream.isTTY !== true) return NONE;
  let last = 0;
  let drawn = false;
  return {
    update(done, total) {
      const now = Date.now();
      if (done < total && now - last < 100) return;
      last = now;
      const filled = total > 0 ? Math.round((done / total) * WIDTH) : WIDTH;
      stream.write(`\r${label} [${"#".repeat(filled)}${"-".repeat(WIDTH - filled)}] ${done}/${total}`);
      drawn = true;
    },
    stop() {
      // Carriage return and "erase line", so the summary that follows starts on a clean line.
      if (drawn) stream.write("\r\u001b[2K");
    },
  };
}
