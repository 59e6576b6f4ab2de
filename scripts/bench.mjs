// `npm run bench`: runs every test/bench/*.bench.ts one after another (never in parallel: they measure wall time on a
// 2-core machine) and passes their output through. `npm run bench -- NAME` runs the benchmarks whose file name
// contains NAME. Exits non-zero when any benchmark failed.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDependencies } from './deps.mjs';

const dir = join('test', 'bench');
const filters = process.argv.slice(2);
const files = (existsSync(dir) ? readdirSync(dir) : [])
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => filters.length === 0 || filters.some((f) => name.includes(f)))
  .sort()
  .map((name) => join(dir, name));

if (files.length === 0) {
  console.log(filters.length > 0 ? `No benchmark in ${dir} matches ${filters.join(', ')}.` : `No benchmark in ${dir}.`);
  process.exit(0);
}

ensureDependencies();
const failed = [];
for (const file of files) {
  console.log(`\n=== ${file} ===`);
  const started = Date.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', file], { stdio: 'inherit' });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (r.status !== 0) failed.push(file);
  console.log(`--- ${file}: ${r.status === 0 ? 'done' : `failed (exit ${r.status ?? r.signal})`} in ${seconds} s`);
}
console.log(
  failed.length > 0
    ? `\n${failed.length} of ${files.length} benchmarks failed: ${failed.join(', ')}`
    : `\n${files.length} benchmarks done.`,
);
process.exit(failed.length > 0 ? 1 : 0);
