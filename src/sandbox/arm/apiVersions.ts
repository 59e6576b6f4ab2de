/** The api-versions the emulator accepts per resource provider: the ones our SDK versions send, plus close neighbours. */
import { ArmError } from './errors';

const SUPPORTED: Readonly<Record<string, readonly string[]>> = {
  'microsoft.apimanagement': ['2024-05-01', '2024-06-01-preview', '2025-03-01-preview'],
  'microsoft.cognitiveservices': ['2025-09-01', '2025-06-01', '2024-10-01'],
  'microsoft.authorization': ['2022-04-01'],
  // Subscriptions, tenants and resource groups (Microsoft.Resources).
  'microsoft.resources': ['2022-12-01', '2021-04-01', '2020-01-01', '2016-06-01'],
};

/** The provider that owns a path: the last `/providers/{namespace}` segment, else Microsoft.Resources. */
export function providerOf(path: string): string {
  const m = /.*\/providers\/([^/]+)/i.exec(path);
  return (m?.[1] ?? 'Microsoft.Resources').toLowerCase();
}

export function checkApiVersion(path: string, apiVersion: string | null): void {
  if (apiVersion === null || apiVersion === '') {
    throw new ArmError(400, 'MissingApiVersionParameter', 'The api-version query parameter (?api-version=) is required for all requests.');
  }
  const provider = providerOf(path);
  const supported = SUPPORTED[provider] ?? SUPPORTED['microsoft.resources'];
  if (!supported.includes(apiVersion)) {
    throw new ArmError(
      400,
      'InvalidApiVersionParameter',
      `The api-version '${apiVersion}' is invalid. The supported versions are '${supported.join(',')}'.`,
    );
  }
}
