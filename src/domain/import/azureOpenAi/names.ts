/** Resource ids of an Azure OpenAI import, from its display name (the same rule as the Language Model import). */
import { lmApiResourceNames, slugify } from '../resourceNames';

export function aoaiResourceNames(displayName: string): { apiId: string; backendId: string; namedValueId: string } {
  return lmApiResourceNames(slugify(displayName, 'azure-openai'));
}
