import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { childrenCpu } from "./shell-times.js";

describe("childrenCpu", () => {
  it("adds the children's user and system time, the second line of dash's and bash's `times`", () => {
    expect(childrenCpu("0m0.000000s 0m0.000000s\n0m3.830000s 0m0.020000s\n")).toBeCloseTo(3.85, 6);
    expect(childrenCpu("0m0.002s 0m0.000s\n1m3.046s 0m0.034s\n")).toBeCloseTo(63.08, 6);
    expect(childrenCpu("0.00 0.00\n12.34 1.20\n")).toBeCloseTo(13.54, 6);
  });

  it("gives undefined, not a number, for a report it cannot read", () => {
    for (const report of ["", "0m0.000s 0m0.000s\n", "0m0.1s 0m0.2s\nsoon later\n", "0m0.1s 0m0.2s\n0m1.0s\n"]) expect(childrenCpu(report)).toBeUndefined();
  });

  it("reads what this machine's sh prints after a child that used CPU", () => {
    const report = execFileSync("sh", ["-c", `"${process.execPath}" -e "const t = Date.now(); while (Date.now() - t < 200);"; times`], { encoding: "utf8" });
    expect(childrenCpu(report)).toBeGreaterThan(0.1);
  });
});
