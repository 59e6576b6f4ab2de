/**
 * Loads the Azure SDK bundle on first use. In the packaged extension `./sdk` resolves to dist/azureSdk.js, a separate
 * esbuild bundle (see scripts/build.mjs); from source (tests) it is the TypeScript module itself.
 */
export type AzureSdk = typeof import('./sdk.js');

let loading: Promise<AzureSdk> | undefined;

export function loadSdk(): Promise<AzureSdk> {
  return (loading ??= import('./sdk.js'));
}
