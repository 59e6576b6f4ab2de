/**
 * Loads the Azure SDK bundle on first use. In the packaged extension `./sdk.js` resolves to dist/azureSdk.js, a
 * separate esbuild bundle (see scripts/build.mjs); from source (tests) it is the TypeScript module itself.
 */
export type AzureSdk = typeof import('./sdk.js');

let loading: Promise<AzureSdk> | undefined;

export function loadSdk(): Promise<AzureSdk> {
  // require, not import(): the bundle is CommonJS, and import() would first scan its 4 MB for export names.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (loading ??= Promise.resolve().then(() => require('./sdk.js') as AzureSdk));
}
