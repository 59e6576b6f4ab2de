/**
 * The packaged extension the end-to-end tests install: the .vsix that `npm test` packaged (AIGW_VSIX), or one packaged
 * now, once per test process, with scripts/package.mjs (production build + vsce), so a single e2e file runs by itself.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './paths';

let packaged: Promise<string> | undefined;

export function packagedVsix(): Promise<string> {
  const given = process.env.AIGW_VSIX;
  if (given && existsSync(given)) return Promise.resolve(given);
  packaged ??= packageNow();
  return packaged;
}

function packageNow(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'aigw-vsix-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const out = join(dir, 'ai-gateway.vsix');
  return new Promise((resolve, reject) => {
    // stdout belongs to the test reporter: the packaging output goes to stderr.
    const child = spawn(process.execPath, [join('scripts', 'package.mjs'), '--out', out], {
      cwd: repoRoot,
      stdio: ['ignore', 2, 2],
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code === 0) resolve(out);
      else reject(new Error(`Packaging the extension failed (${code ?? signal}): see scripts/package.mjs output above`));
    });
  });
}
