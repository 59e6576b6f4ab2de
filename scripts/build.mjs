// Builds every bundle with esbuild: the extension host, the lazily loaded Azure SDK chunk, the sandbox, one per webview.
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';

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

// Same for the tokenizer's BPE tables (megabytes): src/llm/tokenEstimate.ts imports './tokenCounter' on the first
// estimate, and in the extension bundle that import points at the separate dist/tokenCounter.js.
const lazyTokenCounter = {
  name: 'lazy-token-counter',
  setup(build) {
    build.onResolve({ filter: /^\.\/tokenCounter(\.js)?$/ }, (args) =>
      args.importer.replace(/\\/g, '/').endsWith('src/llm/tokenEstimate.ts') ? { path: './tokenCounter.js', external: true } : undefined,
    );
  },
};

// The BPE tables of gpt-tokenizer are megabytes each and both the sandbox and the extension's token counter need
// them: each encoding is bundled once (dist/bpe-o200k_base.js, dist/bpe-cl100k_base.js) and required by both, instead
// of being copied into each bundle (which put the .vsix far above its 1.5 MB target).
const sharedEncodings = ['o200k_base', 'cl100k_base'];
const sharedBpe = {
  name: 'shared-bpe',
  setup(build) {
    build.onResolve({ filter: /^gpt-tokenizer\/encoding\/\w+$/ }, (args) => {
      const encoding = args.path.split('/').pop();
      return sharedEncodings.includes(encoding) ? { path: `./bpe-${encoding}.js`, external: true } : undefined;
    });
  },
};

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
    entryPoints: { tokenCounter: 'src/llm/tokenCounter.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    plugins: [sharedBpe],
  });
  builds.push({
    ...common,
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
if (builds.length > 0) {
  builds.push({
    ...common,
    entryPoints: Object.fromEntries(sharedEncodings.map((e) => [`bpe-${e}`, `gpt-tokenizer/encoding/${e}`])),
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  });
}
for (const panel of ['importWizard', 'testConsole']) {
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

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
