/**
 * The units and dates of terminal output (src/cli/output/display-format.ts) and the text charts
 * (src/cli/output/chart.ts), at their edges: unit boundaries, the future, an unknown $TZ, empty and
 * all-zero series, more values than columns.
 */
import { describe, expect, it } from "vitest";
import { columnChart, meter, sparkline } from "../../src/cli/output/chart.js";
import { formatAgo, formatBytes, formatShare, formatUnixTime, formatValue } from "../../src/cli/output/display-format.js";

const clock = { now: Date.UTC(2024, 4, 1, 12, 0, 0), timeZone: "UTC" };

describe("units", () => {
  it("bytes in IEC units: whole bytes below 1 KiB, one decimal below 100", () => {
    expect([0, 1023, 1024, 1536, 102_400, 1024 ** 3 * 2.5, 4_294_967_296_000].map(formatBytes)).toEqual([
      "0 B",
      "1023 B",
      "1.0 KiB",
      "1.5 KiB",
      "100 KiB",
      "2.5 GiB",
      "3.9 TiB",
    ]);
  });

  it("counters sent as decimal text are numbers; other text is left as it came", () => {
    expect(formatValue("21077614", "count", clock)).toBe("21,077,614");
    expect(formatValue("5000", "gigabytes", clock)).toBe("5,000 GB");
    expect(formatValue(80, "percent", clock)).toBe("80%");
    expect(formatValue("n/a", "bytes", clock)).toBeUndefined();
    expect(formatValue("", "count", clock)).toBeUndefined();
  });

  it("shares: tiny ones are not rounded to 0%", () => {
    expect([0, 0.0007, 0.025, 0.5, 1.025].map(formatShare)).toEqual(["0%", "<0.1%", "2.5%", "50%", "102%"]);
  });
});

describe("times", () => {
  it("how long ago, and how long until", () => {
    expect([0, 59, 60, 7200, 86_400 * 2, 86_400 * 400, -3600].map(formatAgo)).toEqual([
      "just now",
      "just now",
      "1 minute ago",
      "2 hours ago",
      "2 days ago",
      "1 year ago",
      "in 1 hour",
    ]);
  });

  it("in the time zone asked for; 0 is never; an unknown zone falls back instead of failing", () => {
    expect(formatUnixTime(1714330805, clock)).toBe("2024-04-28 19:00 UTC (2 days ago)");
    expect(formatUnixTime(1714330805, { ...clock, timeZone: "Asia/Tokyo" })).toBe("2024-04-29 04:00 GMT+9 (2 days ago)");
    expect(formatValue(0, "unix-time", clock)).toBe("never");
    expect(formatUnixTime(1714330805, { ...clock, timeZone: "Not/AZone" })).toMatch(/^2024-04-2[89] \d\d:00 .+ \(2 days ago\)$/u);
  });
});

describe("charts", () => {
  const plain = { width: 80, color: false };

  it("an all-zero series draws an empty chart with a 0 axis, not a division by zero", () => {
    const rows = columnChart([0, 0, 0], ["a", "b", "c"], plain, 2);
    expect(rows.slice(0, 2)).toEqual(["0 ┤", "0 ┤"]);
    expect(rows.join("\n")).not.toMatch(/[▁-█]/u);
  });

  it("more values than columns: the latest that fit, and a note saying so", () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    const rows = columnChart(values, values.map(String), { width: 50, color: false }, 4);
    expect(rows.at(-2)).toMatch(/└─+ \(the last 45 of 100\)$/u);
    expect(rows[0]).toMatch(/^100 ┤/u);
    expect(sparkline(values, values.map(String), { width: 10, color: false })[0]).toBe("▇▇▇███████ (the last 10 of 100)");
  });

  it("a meter is full at the limit and never overflows past it", () => {
    expect(meter(5, 10, { width: 17, color: false })).toBe("[█████░░░░░] 50%");
    expect(meter(30, 10, { width: 17, color: false })).toBe("[██████████] 300%");
    expect(meter(0, 0, { width: 17, color: false })).toBe("[░░░░░░░░░░░] 0%");
  });
});
