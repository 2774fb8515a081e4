import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

/**
 * The request processes of a main process started with `--processes N` (Linux's /proc): its children running
 * `__request-process`. Not its other children: run from the sources, tsx's esbuild service is one of them, for a while.
 */
export function childPids(pid: number): number[] {
  const children = readdirSync(`/proc/${pid}/task`).flatMap((task) => readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean).map(Number));
  return children.filter((child) => {
    try {
      return readFileSync(`/proc/${child}/cmdline`, 'utf8').split('\0').includes('__request-process');
    } catch {
      return false; // gone since
    }
  });
}

/** Those of `pids` holding the server's side of an established connection on `port`. */
export function servingPids(pids: readonly number[], port: number): Set<number> {
  const established = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length > 9 && parseInt(fields[1]!.split(':')[1]!, 16) === port && fields[3] === '01') established.add(fields[9]!);
    }
  }
  const serving = new Set<number>();
  for (const pid of pids) {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      const inode = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`, { encoding: 'utf8' }))?.[1];
      if (inode !== undefined && established.has(inode)) serving.add(pid);
    }
  }
  return serving;
}

/**
 * How many TCP connections to the ports process `pid` listens on hold bytes not read yet, accepted or still in
 * the backlog: with the main process stopped (SIGSTOP), the requests passed on to it that wait there.
 */
export function unreadConnections(pid: number): number {
  const owned = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    const inode = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`, { encoding: 'utf8' }))?.[1];
    if (inode !== undefined) owned.add(inode);
  }
  const rows = ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((table) => readFileSync(table, 'utf8').split('\n').slice(1).map((line) => line.trim().split(/\s+/)).filter((fields) => fields.length > 9));
  const localPort = (fields: string[]) => parseInt(fields[1]!.split(':')[1]!, 16);
  const listening = new Set(rows.filter((fields) => fields[3] === '0A' && owned.has(fields[9]!)).map(localPort));
  return rows.filter((fields) => fields[3] === '01' && listening.has(localPort(fields)) && parseInt(fields[4]!.split(':')[1]!, 16) > 0).length;
}
