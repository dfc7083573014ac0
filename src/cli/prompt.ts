/**
 * Questions on the terminal: a line, a yes/no confirmation, and hidden input for passwords.
 * They are asked on stderr, so stdout keeps only the command's result, and only when both
 * stdin and stderr are terminals; elsewhere the caller must get its input another way.
 */
import { createInterface } from "node:readline";
import { Interrupted } from "./errors.js";

/** The streams a prompt uses. */
export interface PromptIo {
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

/** True when the user can be asked: stdin and stderr are both terminals. */
export function canPrompt(io: PromptIo): boolean {
  return io.stdin.isTTY === true && io.stderr.isTTY === true && typeof io.stdin.setRawMode === "function";
}

/** Asks for one line of visible input. */
export function askLine(io: PromptIo, question: string): Promise<string> {
  const rl = createInterface({ input: io.stdin, output: io.stderr, terminal: true });
  return new Promise<string>((resolve, reject) => {
    let answered = false;
    rl.on("SIGINT", () => {
      rl.close();
      reject(new Interrupted());
    });
    rl.on("close", () => {
      if (!answered) reject(new Interrupted());
    });
    rl.question(question, (answer) => {
      answered = true;
      rl.close();
      resolve(answer.trim());
    });
  });
}

/** Asks a yes/no question; only `y` or `yes` is a yes. */
export async function confirm(io: PromptIo, question: string): Promise<boolean> {
  const answer = await askLine(io, `${question} [y/N] `);
  return /^y(es)?$/iu.test(answer);
}

/**
 * Asks for input that is not echoed (a password): the terminal is put in raw mode and
 * nothing of what is typed is written back, not even as asterisks.
 */
export function askHidden(io: PromptIo, question: string): Promise<string> {
  const { stdin, stderr } = io;
  // Echo off before the question shows, so that nothing typed right after it is echoed.
  stdin.setRawMode?.(true);
  stderr.write(question);
  return new Promise<string>((resolve, reject) => {
    let value = "";
    const finish = (): void => {
      stdin.removeListener("data", onData);
      stdin.setRawMode?.(false);
      stdin.pause();
      stderr.write("\n");
    };
    const onData = (chunk: Buffer | string): void => {
      const text = typeof chunk === "string" ? chunk : chunk.toString("utf8");
      for (const char of text) {
        if (char === "\r" || char === "\n" || char === "\u0004") {
          finish();
          resolve(value);
          return;
        }
        if (char === "\u0003") {
          finish();
          reject(new Interrupted());
          return;
        }
        if (char === "\u007f" || char === "\b") {
          value = [...value].slice(0, -1).join("");
        } else if (char === "\u001b") {
          // An escape sequence (an arrow key, say) arrives whole in one chunk: ignore the rest of it.
          break;
        } else if (char >= " ") {
          value += char;
        }
      }
    };
    stdin.on("data", onData);
    stdin.resume();
  });
}
