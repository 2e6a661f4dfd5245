/**
 * A server process's own CPU time and resident memory, read from /proc (the
 * bench runs on Linux): the stand-in for Workers CPU time per event, and the
 * check that memory stays bounded under sustained load.
 */
import { readFileSync } from 'node:fs';

const TICK_MS = 10; // USER_HZ = 100 on Linux

/** User + system CPU milliseconds the process (every thread) has used so far; `thread` (a task id): that one only. */
export function cpuMs(pid: number, thread?: number): number {
  // Fields after the command name (which may hold spaces) — utime and stime are the 12th and 13th of those.
  const stat = readFileSync(thread ? `/proc/${pid}/task/${thread}/stat` : `/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

/** Resident set size in MB. */
export function rssMb(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) / 1024;
}
