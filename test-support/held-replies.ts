/**
 * Measuring how many requests a client keeps in flight without depending on how fast the
 * machine is: the fake holds its answers until a batch of them waits, then sends them all.
 */
import type { Reply } from "./fake-edis.js";

export interface HeldReplies {
  /** The reply to install in the fake. */
  readonly reply: Reply;
  /** The most requests that were waiting for an answer at once. */
  readonly max: () => number;
}

/**
 * Holds every answer until `size` requests wait for one (or all `total` expected requests have
 * come), then answers those with `answer`. A client that keeps `size` requests in flight so has
 * exactly `size` at the server at some moment, however slowly its requests travel, where
 * answering after a fixed delay lets a slow machine see fewer. A batch is sent a little after
 * it is full, so that requests a client sends beyond its bound arrive first and are counted.
 * A client that keeps fewer than `size` in flight waits for ever: its test times out.
 */
export function heldInBatches(size: number, total: number, answer: Reply): HeldReplies {
  const held: Parameters<Reply>[] = [];
  let arrived = 0;
  let max = 0;
  const release = (): void => {
    for (const [req, res] of held.splice(0)) answer(req, res);
  };
  const reply: Reply = (req, res) => {
    held.push([req, res]);
    arrived++;
    max = Math.max(max, held.length);
    if (held.length === size || arrived === total) setTimeout(release, 10);
  };
  return { reply, max: () => max };
}
