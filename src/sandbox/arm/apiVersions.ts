/**
 * The api-versions the emulator accepts per resource provider: the ones our SDK versions send and the other published
 * versions the services still accept (from the REST API specifications' version folders), back to a cut-off listed
 * in the README. Every version answers in the shape of the newest one the sandbox emulates.
 */
import { ArmError } from './errors';

const SUPPORTED: Readonly<Record<string, readonly string[]>> = {
  'microsoft.apimanagement': [
    '2024-05-01',
    '2025-09-01-preview',
    '2025-03-01-preview',
    '2024-10-01-preview',
    '2024-06-01-preview',
    '2023-09-01-preview',
    '2023-05-01-preview',
    '2023-03-01-preview',
    '2022-09-01-preview',
    '2022-08-01',
    '2022-04-01-preview',
    '2021-12-01-preview',
    '2021-08-01',
  ],
  // Components: 2018-05-01-preview is what @azure/arm-appinsights 4 sends, 2020-02-02 the current one. Diagnostic
  // settings: 2021-05-01-preview (@azure/arm-monitor 8). Metrics: 2024-02-01 (@azure/arm-monitor 8).
  'microsoft.insights': ['2015-05-01', '2018-05-01-preview', '2020-02-02', '2021-05-01-preview', '2024-02-01'],
  'microsoft.operationalinsights': ['2020-08-01', '2022-10-01', '2023-09-01', '2025-02-01'],
  // What @azure/arm-redisenterprisecache 2.2.0 sends; later versions reshape the resource (high availability, AMR SKUs).
  'microsoft.cache': ['2022-01-01'],
  'microsoft.cognitiveservices': [
    '2025-09-01',
    '2025-06-01',
    '2024-10-01',
    '2023-05-01',
    '2022-12-01',
    '2022-10-01',
    '2022-03-01',
    '2021-10-01',
    '2021-04-30',
    '2017-04-18',
  ],
  'microsoft.authorization': ['2022-04-01', '2020-10-01-preview', '2020-04-01-preview', '2018-09-01-preview', '2015-07-01'],
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
