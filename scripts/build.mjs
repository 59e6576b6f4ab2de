// Builds every bundle with esbuild: the extension host, the lazily loaded Azure SDK chunk, the sandbox, one per webview.
import * as esbuild from 'esbuild';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import zlib, { brotliCompressSync } from 'node:zlib';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  sourcemap: !production,
  minify: production,
  logLevel: 'info',
  legalComments: 'none',
};

// Activation must load no Azure SDK: src/azure/loadSdk.ts imports './sdk' lazily, and in the extension bundle that
// import points at the separate dist/azureSdk.js instead of pulling the SDKs in.
const lazyAzureSdk = {
  name: 'lazy-azure-sdk',
  setup(build) {
    build.onResolve({ filter: /^\.\/sdk(\.js)?$/ }, (args) =>
      args.importer.replace(/\\/g, '/').endsWith('src/azure/loadSdk.ts') ? { path: './azureSdk.js', external: true } : undefined,
    );
  },
};

// Same for the tokenizer's BPE tables (megabytes): src/domain/chat/tokenEstimate.ts imports './tokenCounter' on the first
// estimate, and in the extension bundle that import points at the separate dist/tokenCounter.js.
const lazyTokenCounter = {
  name: 'lazy-token-counter',
  setup(build) {
    build.onResolve({ filter: /^\.\/tokenCounter(\.js)?$/ }, (args) =>
      args.importer.replace(/\\/g, '/').endsWith('src/domain/chat/tokenEstimate.ts')
        ? { path: './tokenCounter.js', external: true }
        : undefined,
    );
  },
};

// The tokenizer's BPE table (o200k_base) is megabytes of text, shared by the sandbox and the token counter. It is built
// once and stored brotli-compressed (a quarter of the zip's deflate size, which keeps the .vsix small); the bundles
// that count tokens get a small loader instead, which decompresses and evaluates it on first use.
const bpeFile = 'bpe-o200k_base.js.br';
const bpeLoader = `
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { brotliDecompressSync } = require('node:zlib');
const Module = require('node:module');
const file = join(__dirname, ${JSON.stringify(bpeFile)});
const table = new Module(file);
table.filename = file;
table._compile(brotliDecompressSync(readFileSync(file)).toString('utf8'), file);
module.exports = table.exports;
`;
const sharedBpe = {
  name: 'shared-bpe',
  setup(build) {
    build.onResolve({ filter: /^gpt-tokenizer\/encoding\/o200k_base$/ }, () => ({ path: 'o200k_base', namespace: 'bpe' }));
    build.onLoad({ filter: /.*/, namespace: 'bpe' }, () => ({ contents: bpeLoader, loader: 'js' }));
  },
};

async function buildBpeTable() {
  const result = await esbuild.build({
    ...common,
    sourcemap: false,
    minify: true,
    logLevel: 'warning',
    entryPoints: ['gpt-tokenizer/encoding/o200k_base'],
    outfile: 'dist/bpe.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
  });
  const code = result.outputFiles.find((f) => f.path.endsWith('.js')).contents;
  mkdirSync('dist', { recursive: true });
  writeFileSync(
    `dist/${bpeFile}`,
    brotliCompressSync(code, {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: code.length },
    }),
  );
}

const builds = [];
if (existsSync('src/extension.ts')) {
  builds.push({
    ...common,
    entryPoints: { extension: 'src/extension.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    plugins: [lazyAzureSdk, lazyTokenCounter],
  });
  builds.push({
    ...common,
    entryPoints: { tokenCounter: 'src/domain/chat/tokenCounter.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    plugins: [sharedBpe],
  });
  builds.push({
    ...common,
    // @azure/arm-appinsights runs on @azure/ms-rest-js, whose node-fetch accepts an abort signal only when its class
    // is named AbortSignal: minified, every Application Insights call failed before it was sent.
    keepNames: true,
    entryPoints: { azureSdk: 'src/azure/sdk.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  });
}
if (existsSync('src/sandbox/cli.ts')) {
  builds.push({
    ...common,
    entryPoints: { sandbox: 'src/sandbox/cli.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    plugins: [sharedBpe],
  });
}
for (const panel of ['importWizard', 'testConsole', 'usage', 'policies']) {
  if (!existsSync(`webview-ui/${panel}/main.ts`)) continue;
  builds.push({
    ...common,
    entryPoints: { [panel]: `webview-ui/${panel}/main.ts` },
    outdir: 'dist/webview',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  });
}

await buildBpeTable();
if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
