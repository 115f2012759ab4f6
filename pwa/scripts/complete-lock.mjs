// Run after `npm install` changes package-lock.json on a machine whose registry mirror only holds
// the Linux x64/arm64 builds of rollup's native binary: npm then leaves the other platforms'
// optional packages out of the lock file, and `npm ci` refuses the lock as "not in sync".
// This adds the missing entries with their os/cpu/libc, so `npm ci` accepts the lock everywhere
// and skips them on platforms they are not for (elsewhere npm fetches the one it needs).
import { readFileSync, writeFileSync } from 'node:fs';

const lockPath = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
const packages = lock.packages;

/** os/cpu/libc from a rollup platform package name, e.g. rollup-linux-arm64-musl. */
function platformOf(name) {
  const [os, cpu, abi] = name.replace(/^@rollup\/rollup-/, '').split('-');
  const cpus = { arm: 'arm', arm64: 'arm64', x64: 'x64', ia32: 'ia32', loong64: 'loong64', ppc64: 'ppc64', riscv64: 'riscv64', s390x: 's390x' };
  const entry = { os: [os], cpu: [cpus[cpu] ?? cpu] };
  if (os === 'linux') entry.libc = [abi?.startsWith('musl') ? 'musl' : 'glibc'];
  return entry;
}

let added = 0;
for (const [path, meta] of Object.entries(packages)) {
  for (const [dependency, version] of Object.entries(meta.optionalDependencies ?? {})) {
    if (!dependency.startsWith('@rollup/rollup-')) continue;
    const key = `node_modules/${dependency}`;
    if (packages[key]) continue;
    packages[key] = { version, ...platformOf(dependency), dev: meta.dev, license: 'MIT', optional: true };
    if (!packages[key].dev) delete packages[key].dev;
    added++;
  }
}
const sorted = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
lock.packages = sorted;
writeFileSync(lockPath, JSON.stringify(lock, null, 2) + '\n');
console.log(`package-lock.json: ${added} platform entries added`);
