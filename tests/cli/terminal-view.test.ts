/**
 * What a person sees on a terminal (stdout a TTY of 80 or 120 columns, with and without
 * colour, a fixed clock and time zone): byte counts in IEC units, dates with how long ago, the
 * API's charts drawn, empty columns left out; snapshots of each charted command. And what
 * scripts see: in a pipe, with --json, -o yaml and -o csv, the bytes of before.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { json } from "../../test-support/fake-edis.js";
import { useCliFixture } from "../../test-support/cli-fixture.js";
import { runEdisHere } from "../../test-support/cli-in-process.js";
import { TERMINAL_REPLIES } from "../../test-support/terminal-replies.js";

const cli = useCliFixture();
/** 2024-05-01 12:00 UTC: after every time of the examples. */
const NOW = Date.UTC(2024, 4, 1, 12, 0, 0);

function onTerminal(args: readonly string[], columns: number, color: boolean) {
  const env = { ...cli.env, TZ: "Europe/Vienna", ...(color ? {} : { NO_COLOR: "1" }) };
  return runEdisHere(args, env, { terminal: { columns }, now: NOW });
}

describe.each(Object.entries(TERMINAL_REPLIES))("edis %s on a terminal", (command, body) => {
  for (const columns of [80, 120]) {
    for (const color of [false, true]) {
      it(`at ${columns} columns, ${color ? "in colour" : "NO_COLOR"}`, async () => {
        cli.fake.replies = [json(200, body)];
        const shown = await onTerminal(command.split(" "), columns, color);
        expect(shown.stderr).toBe("");
        expect(shown.code).toBe(0);
        expect(shown.stdout).toMatchSnapshot();
      });
    }
  }
});

describe("on a terminal, beyond the snapshots", () => {
  it("a narrow terminal gets a sparkline, still with its labels and numbers", async () => {
    cli.fake.replies = [json(200, TERMINAL_REPLIES["info cpu-usage"])];
    const shown = await onTerminal(["info", "cpu-usage"], 30, false);
    expect(shown.stdout).toBe("CPU usage [%]\n▃▅▃█▆▅\n10:00\nmin 2% · avg 3.2% · max 5% (6 values, 10:00 – 10:25)\n");
  });

  it("--no-chart prints the numbers of the charts instead of drawing them", async () => {
    cli.fake.replies = [json(200, TERMINAL_REPLIES["info traffic"])];
    const shown = await onTerminal(["info", "traffic", "--no-chart"], 80, false);
    expect(shown.stdout).not.toMatch(/[█░┤]/u);
    expect(shown.stdout).toContain("Used 2.8 GiB of 3.9 TiB included (<0.1%) · 11 days remaining\n");
    expect(shown.stdout).toContain("Daily Traffic [GB]\nmin 0 GB · avg 0.1 GB · max 1 GB (31 values, Jul 10 – Aug 08)\n");
    expect(shown.stdout).toContain("Cumulative Traffic [GB] against Included Traffic [GB]\n3 GB of 4,000 GB on Aug 08\n");
  });

  it("a traffic limit nearly reached shows in yellow, and past it in red", async () => {
    const body = TERMINAL_REPLIES["info traffic"] as Record<string, unknown>;
    const monthly = JSON.parse(body.chart_monthly as string) as { datasets: { data: number[] }[] };
    monthly.datasets[0]!.data = monthly.datasets[0]!.data.map(() => 3900);
    cli.fake.replies = [json(200, { ...body, chart_monthly: JSON.stringify(monthly) })];
    expect((await onTerminal(["info", "traffic"], 80, true)).stdout).toMatch(/\[\u001b\[33m█+\u001b\[39m░+\] 98% {2}3,900 GB of 4,000 GB on Aug 08/u);
    monthly.datasets[0]!.data = monthly.datasets[0]!.data.map(() => 4100);
    cli.fake.replies = [json(200, { ...body, chart_monthly: JSON.stringify(monthly) })];
    expect((await onTerminal(["info", "traffic"], 80, true)).stdout).toMatch(/\[\u001b\[31m█+\u001b\[39m\] 102% {2}4,100 GB of 4,000 GB/u);
  });

  it("leaves out the columns that are empty in every row; a pipe keeps them", async () => {
    const hooks = {
      status: "success",
      hooks: [
        { id: 1, trigger_value: 80, callback_url: "https://example.com/a", callback_user: "" },
        { id: 2, trigger_value: 90, callback_url: "https://example.com/b", callback_user: "" },
      ],
    };
    cli.fake.replies = [json(200, hooks)];
    const shown = await onTerminal(["hooks", "list"], 80, false);
    expect(shown.stdout.split("\n")[0]).toBe("id  trigger_value  callback_url");
    expect((await runEdisHere(["hooks", "list"], cli.env)).stdout.split("\n")[0]).toBe("id  trigger_value  callback_url           callback_user");
    const listed = await onTerminal(["vps", "list"], 80, false);
    expect(listed.stdout.split("\n")[0]).not.toContain("primaryIp");
    expect((await runEdisHere(["vps", "list"], cli.env)).stdout.split("\n")[0]).toContain("primaryIp");
  });

  it("dates follow $TZ, and 0 means never", async () => {
    cli.fake.replies = [
      json(200, {
        status: "success",
        hooks: [
          { id: 1, last_launched: 1714330805 },
          { id: 2, last_launched: 0 },
        ],
      }),
    ];
    const shown = await runEdisHere(["hooks", "list"], { ...cli.env, TZ: "UTC", NO_COLOR: "1" }, { terminal: { columns: 80 }, now: NOW });
    expect(shown.stdout).toBe(`id  last_launched\n──  ${"─".repeat(33)}\n1   2024-04-28 19:00 UTC (2 days ago)\n2   never\n`);
  });
});

describe("the CLI guide", () => {
  it("shows the chart of edis info traffic as it appears at 80 columns without colour", async () => {
    const readme = readFileSync(new URL("../../docs/cli-guide.md", import.meta.url), "utf8");
    const shown = /<!-- terminal-view: info traffic, 80 columns -->\n```text\n([^`]*)```/u.exec(readme)?.[1];
    cli.fake.replies = [json(200, TERMINAL_REPLIES["info traffic"])];
    expect(shown).toBe((await onTerminal(["info", "traffic"], 80, false)).stdout);
  });
});

describe("for scripts, the bytes of before", () => {
  for (const [command, body] of Object.entries(TERMINAL_REPLIES)) {
    it(`edis ${command}: a pipe prints raw numbers and no chart; --json, -o yaml and -o csv print the same on a terminal as in a pipe`, async () => {
      cli.fake.replies = [json(200, body)];
      const args = command.split(" ");
      const piped = await runEdisHere(args, cli.env);
      expect(piped.code).toBe(0);
      expect(piped.stdout).not.toMatch(/[█░┤\u001b]|TiB|GiB| ago\)/u);
      for (const format of [["--json"], ["-o", "yaml"], ["-o", "csv"]]) {
        const inPipe = await runEdisHere([...args, ...format], cli.env);
        const onTty = await onTerminal([...args, ...format], 80, true);
        expect(onTty).toEqual(inPipe);
      }
    });
  }

  it("edis info traffic in a pipe and as JSON: the counters and charts as the API sent them", async () => {
    const body = TERMINAL_REPLIES["info traffic"] as Record<string, unknown>;
    cli.fake.replies = [json(200, body)];
    const decoded = { ...body, chart_daily: JSON.parse(body.chart_daily as string), chart_monthly: JSON.parse(body.chart_monthly as string) };
    const line = (key: string, value: string) => `${`${key}:`.padEnd(23)}  ${value}\n`;
    const charts = Object.entries({ chart_daily: decoded.chart_daily, chart_monthly: decoded.chart_monthly }).flatMap(
      ([name, chart]: [string, { datasets: unknown; labels: string[] }]) => [
        line(`${name}.datasets`, JSON.stringify(chart.datasets)),
        line(`${name}.labels`, chart.labels.join(", ")),
      ],
    );
    expect((await runEdisHere(["info", "traffic"], cli.env)).stdout).toBe(
      line("status", "success") +
        line("data.included_bytes", "4294967296000") +
        line("data.days_remaining", "11") +
        line("data.last_updated", "1660023630") +
        line("data.rx_bytes", "375246297") +
        line("data.tx_bytes", "2683044422") +
        line("data.rx_packets", "2306591") +
        line("data.tx_packets", "21077614") +
        charts.join(""),
    );
    expect((await runEdisHere(["info", "traffic", "--json"], cli.env)).stdout).toBe(`${JSON.stringify(decoded, null, 2)}\n`);
  });
});
