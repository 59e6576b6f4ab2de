// The sandbox CLI, run from source (tsx) and as the esbuild bundle: one JSON line when ready, clean stop on signals.
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ApiManagementClient } from '@azure/arm-apimanagement';
import { build } from 'esbuild';
import { isSandboxConnection, type SandboxConnection } from '../../src/sandbox/connection';
import { tokenCredential } from './helpers/sandbox';

interface Run {
  readonly child: ChildProcessWithoutNullStreams;
  readonly connection: SandboxConnection;
  exit(): Promise<{ code: number | null; stdout: string; stderr: string }>;
}

function start(args: string[]): Promise<Run> {
  const child = spawn(process.execPath, args, { cwd: join(__dirname, '../..') });
  let stdout = '';
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      const newline = stdout.indexOf('\n');
      if (newline < 0) return;
      try {
        const connection = JSON.parse(stdout.slice(0, newline)) as unknown;
        if (!isSandboxConnection(connection)) throw new Error(`not a connection: ${stdout}`);
        resolve({ child, connection, exit: async () => ({ code: await exited, stdout, stderr }) });
      } catch (e) {
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
    void exited.then((code) => reject(new Error(`exited with ${code} before it was ready: ${stderr}`)));
  });
}

async function serviceNames(connection: SandboxConnection): Promise<string[]> {
  const ca = readFileSync(connection.caCertFile, 'utf8');
  const client = new ApiManagementClient(tokenCredential(connection.token), connection.subscriptionIds[0], {
    endpoint: connection.armEndpoint,
    tlsOptions: { ca },
  });
  const names: string[] = [];
  for await (const s of client.apiManagementService.list()) names.push(s.name!);
  return names;
}

void describe('sandbox CLI', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'aigw-cli-'));
  after(() => rmSync(outDir, { recursive: true, force: true }));

  void it('prints exactly one connection line, serves the seed, and exits 0 on SIGTERM', async () => {
    const run = await start(['--import', 'tsx', 'src/sandbox/cli.ts', '--seed', 'empty', '--apis', '5', '--latency', '0']);
    assert.deepEqual(await serviceNames(run.connection), ['contoso-apim']);
    run.child.kill('SIGTERM');
    const { code, stdout, stderr } = await run.exit();
    assert.equal(code, 0, stderr);
    assert.equal(stdout.trim().split('\n').length, 1, 'stdout holds only the connection line');
    assert.match(stderr, /SIGTERM: stopping/);
    assert.equal(stderr.includes(run.connection.token), false, 'the token is not logged');
  });

  void it('runs as the esbuild bundle (node dist/sandbox.js) and stops on SIGINT', async () => {
    // The same options as scripts/build.mjs uses for dist/sandbox.js, into a temp dir.
    await build({
      entryPoints: { sandbox: 'src/sandbox/cli.ts' },
      outdir: outDir,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      logLevel: 'silent',
    });
    const run = await start([join(outDir, 'sandbox.js'), '--seed=demo']);
    assert.deepEqual((await serviceNames(run.connection)).sort(), ['contoso-ai-gateway', 'contoso-apim-prod']);
    run.child.kill('SIGINT');
    assert.equal((await run.exit()).code, 0);
  });

  void it('refuses bad options with exit code 2 and a usage line', async () => {
    for (const args of [['--port', 'abc'], ['--seed', 'huge'], ['--frobnicate']]) {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/sandbox/cli.ts', ...args], { cwd: join(__dirname, '../..') });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      assert.equal(code, 2, args.join(' '));
      assert.match(stderr, /Usage: sandbox/);
    }
  });
});
