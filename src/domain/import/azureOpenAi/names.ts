/** Resource ids of an Azure OpenAI import, from its display name (the same rule as the Language Model import). */
import { lmApiResourceNames, slugify, type LmApiResourceNames } from '../resourceNames';

export function aoaiResourceNames(displayName: string): LmApiResourceNames {
  return lmApiResourceNames(slugify(displayName, 'azure-openai'));
}
