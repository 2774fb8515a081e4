import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { nodeScriptArgs, repoRoot, watchOutput, type CliProcess } from './cli.js';

const script = fileURLToPath(new URL('./freezing-node.ts', import.meta.url));

/** A node started by startFreezingNode: its endpoint, and `setClock`, which resolves once the node's clock says `ms`. */
export type FreezingNode = CliProcess & { endpoint: string; setClock(ms: number): Promise<void> };

/** Starts test/helpers/freezing-node.ts (see there) on `data`, its clock at `clockMs`, freezing after `freezeAfter` schedules fired. */
export async function startFreezingNode(kind: 'rules' | 'scheduler', data: string, clockMs: number, freezeAfter?: number): Promise<FreezingNode> {
  const args = [...nodeScriptArgs(script), kind, data, String(clockMs), ...(freezeAfter === undefined ? [] : [String(freezeAfter)])];
  const cli = watchOutput(spawn(process.execPath, args, { cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'] }));
  const [, endpoint] = await cli.waitFor(/ready on (http:\/\/\S+)/);
  const setClock = async (ms: number) => {
    cli.child.stdin!.write(`set ${ms}\n`);
    await cli.waitFor(new RegExp(`^clock ${ms}$`, 'm'));
  };
  return { ...cli, endpoint: endpoint!, setClock };
}
