// `npm run package`: a production build, then the .vsix with @vscode/vsce, offline. esbuild bundles every dependency,
// so vsce is told not to look at node_modules. `--out FILE` chooses where the .vsix goes (the e2e harness uses it).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ensureDependencies } from './deps.mjs';

/**
 * The .vsix budget (the official Azure API Management extension ships 21 MB; ours should install in a blink). Above it
 * packaging fails, so that the e2e stage of `npm test`, which installs this package, fails too.
 */
const BUDGET_BYTES = 2 * 1024 * 1024;

const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
const outIndex = process.argv.indexOf('--out');
const out = resolve(outIndex > 0 ? process.argv[outIndex + 1] : `${manifest.name}-${manifest.version}.vsix`);

ensureDependencies();
mkdirSync(dirname(out), { recursive: true });
const buildStarted = Date.now();
run(process.execPath, ['scripts/build.mjs', '--production']);
removeStaleBundles('dist', buildStarted);
// No repository field yet: vsce would otherwise stop and ask.
run(process.execPath, ['node_modules/@vscode/vsce/vsce', 'package', '--no-dependencies', '--allow-missing-repository', '--out', out]);

const bytes = statSync(out).size;
const size = `${(bytes / 1024 / 1024).toFixed(2)} MB (${bytes} bytes)`;
console.log(`\n.vsix: ${out}\nsize: ${size}, budget ≤ 2.00 MB`);
if (bytes > BUDGET_BYTES) {
  console.error(`The .vsix is above the 2 MB budget. Run \`npx vsce ls\` to see what it holds.`);
  process.exit(1);
}

/**
 * dist/ is never emptied (watch builds and running tests use it), so a bundle that the build no longer produces (a
 * renamed entry point) would linger and be packaged. Whatever this build did not write is removed.
 */
function removeStaleBundles(dir, since) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) removeStaleBundles(path, since);
    else if (!entry.name.endsWith('.map') && statSync(path).mtimeMs < since) {
      rmSync(path);
      console.log(`Removed ${path}: not produced by this build`);
    }
  }
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`Packaging failed: \`${args.join(' ')}\` exited with ${r.status ?? r.signal}. See the output above.`);
    process.exit(1);
  }
}
