// CPU time spent by the processes of a run, read from /proc (user + system time), so each command's cost can be
// split between the API, the projector and PostgreSQL.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

const TICK_MS = 1000 / (Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100);

// /proc/<pid>/stat after the command name (which may hold spaces, so split after its closing parenthesis):
// state, ppid, ... utime and stime are the 12th and 13th fields from there.
function stat(pid: number | string): { ppid: number; cpuMs: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(fields[1]), cpuMs: (Number(fields[11]) + Number(fields[12])) * TICK_MS };
  } catch {
    return undefined; // gone
  }
}

export function parentOf(pid: number): number | undefined {
  return stat(pid)?.ppid;
}

export function processCpuMs(pid: number | undefined): number {
  return pid === undefined ? 0 : stat(pid)?.cpuMs ?? 0;
}

// The server's processes that work for the given databases, by pid with the CPU each has spent: their backends
// (a backend's title names its database: "postgres: 15/main: postgres cl_bench_1a2b 127.0.0.1(51234) idle"), the
// writers every commit leans on (WAL writer, background writer, checkpointer), which the whole server shares, and
// the postmaster, which starts each backend. Backends of other databases on the same server (other people's
// tests) are left out.
export function postgresCpu(postmasterPid: number | undefined, databases: string[]): Map<number, number> | undefined {
  if (postmasterPid === undefined) return undefined;
  const byPid = new Map<number, number>([[postmasterPid, processCpuMs(postmasterPid)]]);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const s = stat(entry);
    if (!s || s.ppid !== postmasterPid) continue;
    let title: string;
    try {
      title = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
    } catch {
      continue;
    }
    const ours = databases.some((d) => title.includes(` ${d} `));
    const shared = /walwriter|background writer|checkpointer/.test(title);
    if (ours || shared) byPid.set(Number(entry), s.cpuMs);
  }
  return byPid;
}

// CPU spent between two readings, process by process: a process that started in between counts from zero, and
// one that ended in between (a pool closing an idle connection) takes what it spent since the first reading with
// it, so the figure is a lower bound; the phases keep their pools busy.
function spentBetween(before: Map<number, number> | undefined, after: Map<number, number> | undefined): number {
  if (!before || !after) return NaN;
  let total = 0;
  for (const [pid, ms] of after) total += Math.max(0, ms - (before.get(pid) ?? 0));
  return total;
}

export interface CpuSplit {
  app: number;
  projector: number;
  postgres: number;
}

export interface CpuReading {
  app: number;
  projector: number;
  postgres: Map<number, number> | undefined;
}

// Milliseconds of CPU per operation over a phase, for the app process (the API or a peer), the projector (if one
// runs) and the PostgreSQL processes of the given databases.
export class CpuMeter {
  constructor(
    private readonly postmasterPid: number | undefined,
    private readonly app: () => number | undefined,
    private readonly projector: () => number | undefined,
    private readonly databases: string[],
  ) {}

  snapshot(): CpuReading {
    return { app: processCpuMs(this.app()), projector: processCpuMs(this.projector()), postgres: postgresCpu(this.postmasterPid, this.databases) };
  }

  static perOp(before: CpuReading, after: CpuReading, ops: number): CpuSplit {
    const per = (spent: number) => (ops > 0 ? spent / ops : NaN);
    return { app: per(Math.max(0, after.app - before.app)), projector: per(Math.max(0, after.projector - before.projector)), postgres: per(spentBetween(before.postgres, after.postgres)) };
  }
}
