/** Hidden input: what is typed is returned and never written back to the terminal. */
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { askHidden, canPrompt } from "../../src/cli/prompt.js";
import { Interrupted } from "../../src/cli/errors.js";

function terminal() {
  const stdin = Object.assign(new PassThrough(), {
    isTTY: true,
    rawModes: [] as boolean[],
    setRawMode(mode: boolean) {
      stdin.rawModes.push(mode);
    },
  });
  let shown = "";
  const stderr = Object.assign(new PassThrough(), { isTTY: true });
  stderr.on("data", (c: Buffer) => (shown += c.toString()));
  return { io: { stdin, stderr }, stdin, shown: () => shown };
}

describe("askHidden", () => {
  it("returns the typed text, handles backspace, and echoes nothing of it", async () => {
    const t = terminal();
    const answer = askHidden(t.io, "Password: ");
    t.stdin.write("s3cr3tX\u007f!");
    t.stdin.write("\r");
    expect(await answer).toBe("s3cr3t!");
    expect(t.shown()).toBe("Password: \n");
    expect(t.stdin.rawModes).toEqual([true, false]);
  });

  it("ignores escape sequences such as arrow keys", async () => {
    const t = terminal();
    const answer = askHidden(t.io, "? ");
    t.stdin.write("ab");
    t.stdin.write("\u001b[D");
    t.stdin.write("c\n");
    expect(await answer).toBe("abc");
  });

  it("Ctrl-C rejects with Interrupted and restores the terminal", async () => {
    const t = terminal();
    const answer = askHidden(t.io, "? ");
    t.stdin.write("abc\u0003");
    await expect(answer).rejects.toBeInstanceOf(Interrupted);
    expect(t.stdin.rawModes).toEqual([true, false]);
  });
});

describe("canPrompt", () => {
  it("needs both stdin and stderr to be terminals", () => {
    const t = terminal();
    expect(canPrompt(t.io)).toBe(true);
    expect(canPrompt({ ...t.io, stderr: Object.assign(new PassThrough(), { isTTY: false }) })).toBe(false);
  });
});
