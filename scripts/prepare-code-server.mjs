// Prepares a cached code-server (VS Code in the browser, with a real Node extension host) for `npm start` and the
// end-to-end tests, following ../shared/reference/real-vscode-offline.md: nothing is downloaded from outside the npm
// registry; VS Code's ripgrep comes from Debian. Idempotent: a marker written only after a verified install means a
// half install (interrupted, failed build) is wiped and redone. Safe when several processes call it at once.
// `node scripts/prepare-code-server.mjs` prints the code-server binary path on its last line.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync, lstatSync, unlinkSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cacheDir = join(root, '.cache', 'code-server', CODE_SERVER_VERSION);
const marker = join(cacheDir, '.ready');
const lockFile = join(root, '.cache', 'code-server', `${CODE_SERVER_VERSION}.lock`);
const binary = join(cacheDir, 'node_modules', '.bin', 'code-server');
const vscodeDir = join(cacheDir, 'node_modules', 'code-server', 'lib', 'vscode');

/** What the install needs from Debian: a file that proves each package is there. */
const debianPackages = [
  { name: 'chromium', file: '/usr/bin/chromium', why: 'the browser the end-to-end tests drive', browser: true },
  { name: 'ripgrep', file: '/usr/bin/rg', why: "VS Code's search (its own ripgrep downloads from GitHub)" },
  { name: 'libkrb5-dev', file: '/usr/include/gssapi.h', why: 'headers for the kerberos native module' },
  { name: 'libx11-dev', file: '/usr/include/X11/Xlib.h', why: 'headers for the native keymap module' },
  { name: 'libxkbfile-dev', file: '/usr/include/X11/extensions/XKBfile.h', why: 'headers for the native keymap module' },
  { name: 'libsecret-1-dev', file: '/usr/include/libsecret-1/libsecret/secret.h', why: 'headers for the keychain module' },
  { name: 'python3', file: '/usr/bin/python3', why: 'node-gyp' },
  { name: 'make', file: '/usr/bin/make', why: 'node-gyp' },
  { name: 'g++', file: '/usr/bin/g++', why: 'node-gyp' },
];

/**
 * Native modules that must be built for code-server to work, relative to the cache's node_modules. Checked after the
 * install because npm 11 may skip install scripts its allowScripts policy does not cover with no more than a notice.
 */
const nativeModules = [
  'argon2',
  'code-server/lib/vscode/node_modules/node-pty',
  'code-server/lib/vscode/node_modules/@vscode/spdlog',
  'code-server/lib/vscode/node_modules/native-watchdog',
  'code-server/lib/vscode/node_modules/kerberos',
];

export function codeServerPaths() {
  return { cacheDir, binary, ready: existsSync(marker) && existsSync(binary) };
}

/**
 * Returns the path of the code-server binary, installing it first when the cache is missing or incomplete.
 * `withBrowser: false` (npm start: the user brings a browser) does not require Debian's Chromium.
 */
export async function prepareCodeServer({ quiet = false, withBrowser = true } = {}) {
  const log = quiet ? () => {} : (line) => console.log(`[code-server] ${line}`);
  // Checked even with a ready cache: Chromium is needed by the tests, and a package can be removed after the install.
  ensureDebianPackages(log, withBrowser);
  if (codeServerPaths().ready) return binary;
  await withLock(log, () => {
    // Another process may have finished the install while we waited for the lock.
    if (codeServerPaths().ready) return;
    install(log);
  });
  return binary;
}

function ensureDebianPackages(log, withBrowser) {
  const missing = debianPackages.filter((p) => (withBrowser || !p.browser) && !existsSync(p.file));
  if (missing.length === 0) return;
  const names = missing.map((p) => p.name);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    const details = missing.map((p) => `  ${p.name}: ${p.why}`).join('\n');
    throw new Error(
      `Debian packages are missing for the local VS Code:\n${details}\n` +
        `Install them, then run the command again: sudo apt-get install -y ${names.join(' ')}`,
    );
  }
  log(`installing missing Debian packages: ${names.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-qq'], '/', env);
  run('apt-get', ['install', '-y', '-qq', ...names], '/', env);
  const still = missing.filter((p) => !existsSync(p.file)).map((p) => p.name);
  if (still.length > 0) throw new Error(`apt-get did not install ${still.join(', ')}. Install them by hand and retry.`);
}

function install(log) {
  const started = Date.now();
  const step = (text) => log(`${text} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  // npm_config_yes: node-pty's build calls npx. unsafe_perm: run install scripts as root. An explicit `npm rebuild`
  // runs the builds that npm 11's allowScripts policy only warns about; verify() checks that they really ran.
  const env = {
    ...process.env,
    npm_config_yes: 'true',
    npm_config_unsafe_perm: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  };
  rmSync(cacheDir, { recursive: true, force: true });
  mkdirSync(cacheDir, { recursive: true });
  // A package.json of its own, or npm would walk up and install into the extension's node_modules.
  writeFileSync(join(cacheDir, 'package.json'), `${JSON.stringify({ name: 'code-server-cache', private: true }, null, 2)}\n`);

  step(`installing code-server ${CODE_SERVER_VERSION} from npm`);
  npm(['install', '--ignore-scripts', '--no-save', `code-server@${CODE_SERVER_VERSION}`], cacheDir, env);
  step('building argon2');
  npm(['rebuild', 'argon2'], cacheDir, env);

  // What code-server's postinstall.sh does, minus the ripgrep download from GitHub.
  step('installing VS Code dependencies');
  npm(['install', '--omit=dev', '--ignore-scripts'], vscodeDir, env);
  const rgBin = join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin');
  mkdirSync(rgBin, { recursive: true });
  link('/usr/bin/rg', join(rgBin, 'rg'));
  step('building VS Code native modules');
  npm(['rebuild'], vscodeDir, env);
  link('node_modules', join(vscodeDir, 'node_modules.asar'));
  link('code-linux.sh', join(vscodeDir, 'bin', 'remote-cli', 'code-server'));
  link('browser-linux.sh', join(vscodeDir, 'bin', 'helpers', 'browser.sh'));
  step('installing built-in extensions dependencies');
  npm(['install', '--omit=dev'], join(vscodeDir, 'extensions'), env);

  verify();
  writeFileSync(marker, `${new Date().toISOString()}\n`);
  step(`code-server ${CODE_SERVER_VERSION} ready`);
}

function verify() {
  const modules = join(cacheDir, 'node_modules');
  const unbuilt = nativeModules.filter((m) => !existsSync(join(modules, m)) || findNodeFiles(join(modules, m)).length === 0);
  if (unbuilt.length > 0) {
    throw new Error(`native modules were not built: ${unbuilt.join(', ')}. See the npm output above.`);
  }
  const r = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  if (r.status !== 0 || !r.stdout.includes(CODE_SERVER_VERSION)) {
    throw new Error(`code-server --version failed: ${r.stderr || r.stdout}`);
  }
}

function findNodeFiles(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...findNodeFiles(path));
    else if (entry.name.endsWith('.node')) out.push(path);
  }
  return out;
}

function link(target, path) {
  if (existsSync(path) || isLink(path)) unlinkSync(path);
  symlinkSync(target, path);
}

function isLink(path) {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

function npm(args, cwd, env) {
  run('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], cwd, env);
}

function run(cmd, args, cwd, env) {
  const r = spawnSync(cmd, args, { cwd, env, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd} (exit ${r.status ?? r.signal})`);
}

/** An exclusive lock across processes: a file created with `wx` holding our pid; a dead holder's lock is taken over. */
async function withLock(log, fn) {
  mkdirSync(dirname(lockFile), { recursive: true });
  let announced = false;
  for (;;) {
    try {
      writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      if (!holderAlive()) {
        rmSync(lockFile, { force: true });
        continue;
      }
      if (!announced) log('another process is preparing code-server; waiting for it');
      announced = true;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  try {
    fn();
  } finally {
    rmSync(lockFile, { force: true });
  }
}

function holderAlive() {
  let pid;
  try {
    pid = Number(readFileSync(lockFile, 'utf8'));
  } catch {
    return false;
  }
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const path = await prepareCodeServer();
    console.log(path);
  } catch (error) {
    console.error(`Could not prepare code-server. ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
