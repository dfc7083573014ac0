/**
 * Commands about the account rather than one VPS: `vps list`, `auth create-session` and
 * `logout`. None of them prints a session signature.
 */
import type { Command } from "commander";
import { namespaceTable } from "../../../generated/operations.js";
import type { Session } from "../../index.js";
import type { CliContext } from "../context.js";
import { removeSessionCaches } from "../stores/session-file-cache.js";

/** `edis vps list`: every VPS of the account. */
export function addVpsList(parent: Command, ctx: CliContext): void {
  parent
    .command("list")
    .description("List the VPSs of the account (one auth call; their sessions are cached)")
    .addHelpText("after", ["", "Examples:", "  $ edis vps list", "  $ edis vps list --json"].join("\n"))
    .action(async () => {
      const { client } = await ctx.client();
      const list = await client.vps.list({ signal: ctx.io.signal });
      await ctx.print(list, { rows: list, columns: ["kvmId", "description", "apiHost", "primaryIp", "suspended", "lps"] });
    });
}

/** What `auth create-session` shows of a session: everything but the signature. */
function sessionView(s: Session) {
  return {
    kvmId: s.kvmId,
    apiHost: s.apiHost,
    apiRdns: s.apiRdns,
    validUntil: s.validUntil,
    description: s.description,
    suspended: s.suspended,
    lps: s.lps,
    lpsIsPremium: s.lpsIsPremium,
    primaryIp: s.primaryIp,
  };
}

/** `edis auth create-session`: authenticates now and caches the sessions (for --kvm, or every VPS). */
/** Unix seconds as an ISO 8601 time; beyond what a date holds (a valid_until of 2^53 - 1), the number as it came. */
function isoTime(seconds: number): string {
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? String(seconds) : date.toISOString();
}

export function addCreateSession(parent: Command, ctx: CliContext, name: string, description: string): void {
  parent
    .command(name)
    .description(`${description}: for --kvm / EDIS_KVM_ID, else for every VPS; cached for later commands`)
    .addHelpText("after", ["", "Examples:", `  $ edis ${parent.name()} ${name}`, `  $ edis --kvm kvm_123456_789012 ${parent.name()} ${name} --json`].join("\n"))
    .action(async () => {
      ctx.checkInput(namespaceTable.auth.createSession, {});
      const { client } = await ctx.client();
      const kvmId = ctx.explicitKvmId();
      const sessions = await client.auth.createSession(kvmId ? { kvmId } : {}, { signal: ctx.io.signal });
      const views = sessions.map(sessionView);
      await ctx.print(views, {
        rows: views.map((v) => ({ ...v, validUntil: isoTime(v.validUntil) })),
        columns: ["kvmId", "apiHost", "validUntil", "description"],
      });
    });
}

/** `edis logout`: removes the cached sessions of every account. */
export function addLogout(program: Command, ctx: CliContext): void {
  program
    .command("logout")
    .description("Remove the cached sessions (of every account) from this machine")
    .addHelpText("after", ["", "Examples:", "  $ edis logout"].join("\n"))
    .action(async () => {
      const removed = removeSessionCaches(ctx.cacheDir);
      await ctx.print(
        { removed },
        {
          message: removed === 0 ? "No cached sessions." : `Removed the cached sessions (${removed} account${removed === 1 ? "" : "s"}).`,
        },
      );
    });
}
