// `npm start`: see the extension work with no Azure account. Installs what is missing, packages the .vsix (production
// build), prepares code-server, starts the local sandbox (state kept in .sandbox-state/ across restarts) and a real
// VS Code (code-server) with the extension installed and pointed at the sandbox, then prints the URL to open.
// Ctrl+C stops both.
//   npm start -- [--port N] [--seed demo|empty] [--apis COUNT] [--latency MS]
// --port is code-server's (default 8080, or the next free one); the others go to the sandbox.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { LISTENING_LINE, installArgs, isolatedEnv, serveArgs } from './codeServerLaunch.mjs';
import { ensureDependencies } from './deps.mjs';
import { prepareCodeServer } from './prepare-code-server.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const work = join(root, '.cache', 'start');
const stateDir = join(root, '.sandbox-state');
const connectionFile = join(stateDir, 'connection.json');
const vsix = join(work, 'ai-gateway.vsix');
const workspaceDir = join(work, 'workspace');

const args = parseArgs(process.argv.slice(2));
process.chdir(root);

ensureDependencies();
step('Packaging the extension');
if (spawnSync(process.execPath, ['scripts/package.mjs', '--out', vsix], { stdio: 'inherit' }).status !== 0) {
  fail('Packaging the extension failed. See the output above.');
}
step('Preparing code-server (the first time takes about a minute)');
const codeServer = await prepareCodeServer({ withBrowser: false }).catch((error) =>
  fail(`Could not prepare code-server. ${error.message}`),
);

// A fresh VS Code profile each time: only the sandbox state is meant to survive a restart.
const dirs = { userDataDir: join(work, 'user-data'), extensionsDir: join(work, 'extensions'), homeDir: join(work, 'home') };
for (const dir of Object.values(dirs)) rmSync(dir, { recursive: true, force: true });
for (const dir of [...Object.values(dirs), workspaceDir, stateDir]) mkdirSync(dir, { recursive: true });
const codeServerEnv = isolatedEnv(dirs);

const children = [];
let stopping = false;
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

step('Starting the local sandbox');
const sandbox = startChild('sandbox', process.execPath, ['dist/sandbox.js', '--state-dir', stateDir, ...args.sandbox], {
  logFile: join(work, 'sandbox.log'),
});
const connectionLine = await sandbox.firstLine(/^\s*\{.*\}\s*$/);
writeFileSync(connectionFile, `${connectionLine.trim()}\n`, { mode: 0o600 });
const connection = JSON.parse(connectionLine);

writeUserSettings({
  ...JSON.parse(readFileSync(join(root, 'scripts', 'workbench-settings.json'), 'utf8')),
  'aiGateway.environment': 'sandbox',
  'aiGateway.sandbox.connectionFile': connectionFile,
});

step('Installing the extension into code-server');
const installed = spawnSync(codeServer, installArgs(vsix, dirs), { encoding: 'utf8', env: codeServerEnv });
if (installed.status !== 0) await stopAll(1, `code-server could not install the extension:\n${installed.stdout}${installed.stderr}`);

const port = args.port ?? (await firstFreePort(8080));
step(`Starting code-server on 127.0.0.1:${port}`);
const server = startChild('code-server', codeServer, serveArgs(port, dirs, workspaceDir), {
  logFile: join(work, 'code-server.log'),
  env: codeServerEnv,
});
const listening = await server.firstLine(LISTENING_LINE);
const url = `${LISTENING_LINE.exec(listening)[1]}/?folder=${encodeURIComponent(workspaceDir)}`;

console.log(`
AI Gateway for Azure API Management is running with the local sandbox.

  Open  ${url}
        then the "AI Gateway" icon in the activity bar.

  Sandbox   ${connection.armEndpoint} (state in ${stateDir}; connection file ${connectionFile})
  Logs      ${join(work, 'sandbox.log')}, ${join(work, 'code-server.log')}

Press Ctrl+C to stop the sandbox and code-server.`);

function startChild(name, command, childArgs, { logFile, env = process.env }) {
  const log = createWriteStream(logFile);
  const child = spawn(command, childArgs, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const entry = { name, child, exited: new Promise((r) => child.once('exit', r)) };
  children.push(entry);
  const lines = []; // the last few, shown if the process dies
  let waiters = [];
  for (const stream of [child.stdout, child.stderr]) {
    stream.pipe(log, { end: false });
    createInterface({ input: stream }).on('line', (line) => {
      lines.push(line);
      if (lines.length > 15) lines.shift();
      for (const w of waiters) if (w.pattern.test(line)) w.resolve(line);
      waiters = waiters.filter((w) => !w.pattern.test(line));
    });
  }
  child.once('exit', (code, signal) => {
    if (!stopping) void stopAll(1, `${name} stopped unexpectedly (${code ?? signal}). Its log: ${logFile}\n${lines.join('\n')}`);
  });
  return {
    firstLine: (pattern) => new Promise((resolveLine) => waiters.push({ pattern, resolve: resolveLine })),
  };
}

async function stopAll(code, message) {
  if (stopping) return;
  stopping = true;
  if (message) console.error(`\n${message}`);
  else console.log('\nStopping code-server and the sandbox…');
  for (const { child } of children) killGroup(child.pid, 'SIGTERM');
  const grace = new Promise((r) => setTimeout(r, 5000, 'timeout'));
  if ((await Promise.race([Promise.all(children.map((c) => c.exited)), grace])) === 'timeout') {
    for (const { child } of children) killGroup(child.pid, 'SIGKILL');
  }
  // code-server's extension host and pty host live in its process group.
  for (const { child } of children) killGroup(child.pid, 'SIGKILL');
  // It would point at a sandbox that is gone.
  rmSync(connectionFile, { force: true });
  if (!message) console.log('Stopped. The sandbox state is kept in .sandbox-state/.');
  process.exit(code);
}

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

function writeUserSettings(settings) {
  const dir = join(dirs.userDataDir, 'User');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'settings.json'), `${JSON.stringify(settings, null, 2)}\n`);
}

function firstFreePort(from) {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', (error) => {
      if (error.code !== 'EADDRINUSE' || from >= 65535) reject(error);
      else resolvePort(firstFreePort(from + 1));
    });
    probe.listen(from, '127.0.0.1', () => probe.close(() => resolvePort(from)));
  });
}

function parseArgs(argv) {
  const out = { port: undefined, sandbox: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.split('=', 2);
    const value = inline ?? argv[++i];
    if (flag === '--port') {
      out.port = Number(value);
      if (!Number.isInteger(out.port) || out.port < 1 || out.port > 65535) fail(`--port needs a port number, not "${value}".`);
    } else if (['--seed', '--apis', '--latency'].includes(flag) && value !== undefined) {
      out.sandbox.push(flag, value);
    } else {
      fail(`Unknown option "${arg}". Usage: npm start -- [--port N] [--seed demo|empty] [--apis COUNT] [--latency MS]`);
    }
  }
  return out;
}

function step(text) {
  console.log(`\n▶ ${text}`);
}

function fail(message) {
  console.error(message);
  process.exit(1);
}
