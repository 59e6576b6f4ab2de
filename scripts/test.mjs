// `npm test`: installs what is missing, builds, checks types and lint, then runs the unit, integration, conformance
// (the official REST API examples replayed against the sandbox) and end-to-end suites with Node's test runner, and
// closes with one "N passed, N failed" line for all of them. `npm test -- unit` (or integration, conformance, e2e,
// static) runs one part.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ensureDependencies } from './deps.mjs';
import { prepareCodeServer } from './prepare-code-server.mjs';

const all = ['static', 'unit', 'integration', 'conformance', 'e2e'];
const wanted = process.argv.slice(2).filter((a) => all.includes(a));
const phases = wanted.length > 0 ? wanted : all;

ensureDependencies();
run('npm', ['run', '--silent', 'build']);

let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];

for (const phase of phases) {
  if (phase === 'static') {
    for (const script of ['typecheck', 'lint', 'format:check']) {
      console.log(`\n=== ${script} ===`);
      const ok = spawnSync('npm', ['run', '--silent', script], { stdio: 'inherit' }).status === 0;
      if (ok) passed++;
      else {
        failed++;
        failures.push(script);
      }
    }
    continue;
  }
  const files = findTests(join('test', phase));
  if (files.length === 0) continue;
  console.log(`\n=== ${phase} tests (${files.length} files) ===`);
  mkdirSync('test-results', { recursive: true });
  const env = { ...process.env, AIGW_TEST_PHASE: phase };
  if (phase === 'e2e') {
    // The harness installs this .vsix (packaged once for every e2e file) into a code-server prepared once.
    env.AIGW_VSIX = await prepareEndToEnd();
    if (!env.AIGW_VSIX) {
      failed++;
      failures.push('e2e setup');
      continue;
    }
  }
  const tap = join('test-results', `${phase}.tap`);
  const result = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '--test',
      `--test-concurrency=${phase === 'e2e' ? 1 : 2}`,
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      '--test-reporter=tap',
      `--test-reporter-destination=${tap}`,
      ...files,
    ],
    { stdio: 'inherit', env },
  );
  const counts = readCounts(tap);
  passed += counts.pass;
  failed += counts.fail;
  skipped += counts.skip;
  if (result.status !== 0 || counts.fail > 0) failures.push(phase);
  if (result.status !== 0 && counts.fail === 0) failed++;
}

console.log(failures.length > 0 ? `\nFailed: ${failures.join(', ')}` : '\nAll suites passed.');
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failures.length > 0 ? 1 : 0);

function findTests(dir) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...findTests(path));
    else if (/\.test\.ts$/.test(name)) out.push(path);
  }
  return out.sort();
}

function readCounts(tapFile) {
  const counts = { pass: 0, fail: 0, skip: 0 };
  if (!existsSync(tapFile)) return counts;
  const text = readFileSync(tapFile, 'utf8');
  for (const k of Object.keys(counts)) {
    const m = new RegExp(`^# ${k} (\\d+)$`, 'm').exec(text);
    if (m) counts[k] = Number(m[1]);
  }
  return counts;
}

/** Prepares code-server and packages the .vsix; returns the .vsix path, or undefined after printing why it failed. */
async function prepareEndToEnd() {
  try {
    await prepareCodeServer();
  } catch (error) {
    console.error(`Could not prepare code-server for the end-to-end tests. ${error instanceof Error ? error.message : error}`);
    return undefined;
  }
  // One file per run: several people may run the e2e tests of one checkout at the same time.
  const vsix = resolve('.cache', 'e2e', `ai-gateway-${process.pid}.vsix`);
  process.once('exit', () => rmSync(vsix, { force: true }));
  const packaged = spawnSync(process.execPath, ['scripts/package.mjs', '--out', vsix], { stdio: 'inherit' }).status === 0;
  return packaged ? vsix : undefined;
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`${cmd} ${args.join(' ')} failed`);
    console.log(`0 passed, 1 failed`);
    process.exit(1);
  }
}
