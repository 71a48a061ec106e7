#!/usr/bin/env node
// Runs a command inside a loopback-only network namespace when we are root and can make one,
// so no test traffic can leave the machine. Elsewhere it runs the command as it is.
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

/** Runs `npx <args>` isolated from the network where possible; returns the exit status. */
export function runIsolated(args) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const canIsolate =
    isRoot &&
    process.env.CALLPAY_NO_NETNS !== '1' &&
    spawnSync('unshare', ['-n', 'true'], { stdio: 'ignore' }).status === 0;
  const [command, rest] = canIsolate
    ? ['unshare', ['-n', 'sh', '-c', 'ip link set lo up && exec npx "$@"', 'sh', ...args]]
    : ['npx', args];
  console.log(
    canIsolate
      ? 'run-isolated: tests run in a loopback-only network namespace'
      : 'run-isolated: not root or no unshare; tests run in the normal network namespace',
  );
  const result = spawnSync(command, rest, {
    stdio: 'inherit',
    env: { ...process.env, CALLPAY_NETNS: canIsolate ? '1' : '0' },
  });
  return result.status ?? 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  if (args.length === 0) {
    console.error('usage: run-isolated.mjs <command> [args...]');
    process.exit(2);
  }
  process.exit(runIsolated(args));
}
