/**
 * Listening for a caller's AbortSignal with one "abort" listener per signal, however many
 * calls share it. Node warns (MaxListenersExceededWarning, "possible EventTarget memory leak")
 * once more than 10 listeners wait on one signal, which a bulk run of 16 requests, or a program
 * handing one signal to all its calls, does in normal use. Each call adds its callback to the
 * signal's set; the one listener calls them all; the last callback removed takes the listener
 * away, so a signal outlives the calls with no listener of theirs left.
 */

type Callback = () => void;

interface Relay {
  readonly callbacks: Set<Callback>;
  readonly listener: () => void;
}

const relays = new WeakMap<AbortSignal, Relay>();

/** Calls `callback` when `signal` aborts; the function returned stops that (call it when done). */
export function onAbort(signal: AbortSignal | undefined, callback: Callback): () => void {
  if (signal === undefined) return () => undefined;
  let relay = relays.get(signal);
  if (relay === undefined) {
    const callbacks = new Set<Callback>();
    const listener = (): void => {
      relays.delete(signal);
      for (const each of [...callbacks]) each();
    };
    relay = { callbacks, listener };
    relays.set(signal, relay);
    signal.addEventListener("abort", listener, { once: true });
  }
  // A callback of its own per subscription: the same function given twice is two subscriptions.
  const own = (): void => callback();
  const { callbacks, listener } = relay;
  callbacks.add(own);
  return () => {
    if (!callbacks.delete(own) || callbacks.size > 0) return;
    if (relays.get(signal)?.callbacks === callbacks) relays.delete(signal);
    signal.removeEventListener("abort", listener);
  };
}
