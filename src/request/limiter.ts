/**
 * At most `max` requests of a client in flight at once, the rest waiting in order. This bounds
 * the sockets a client opens however many calls its caller starts (fetch's default agent has
 * no per-host limit).
 */
import { onAbort } from "./abort-listeners.js";

export class Limiter {
  readonly #max: number;
  #active = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(max: number) {
    this.#max = max;
  }

  /** Runs `task` once a place is free; rejects with the signal's reason if it aborts while waiting. */
  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (this.#active >= this.#max) await this.#wait(signal);
    this.#active++;
    try {
      return await task();
    } finally {
      this.#active--;
      this.#waiting.shift()?.();
    }
  }

  #wait(signal: AbortSignal | undefined): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const stopListening = onAbort(signal, () => {
        const index = this.#waiting.indexOf(wake);
        if (index >= 0) this.#waiting.splice(index, 1);
        reject(signal?.reason);
      });
      const wake = (): void => {
        stopListening();
        resolve();
      };
      this.#waiting.push(wake);
    });
  }
}
