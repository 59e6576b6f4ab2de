/** Ids made from a team name: the product and the subscription are both named after the team, as people look for them. */
import { API_ID_PATTERN, MAX_API_ID, slugify } from '../import/resourceNames';

/** What an APIM product or subscription id made by us (or typed instead) must look like. */
export const TEAM_ID_PATTERN = API_ID_PATTERN;
export const MAX_TEAM_ID = MAX_API_ID;

/** True when the name has something to make an id from: at least one ASCII letter or digit once accents are removed. */
export function hasIdSource(teamName: string): boolean {
  return slugify(teamName, '') !== '';
}

export interface TeamIds {
  readonly productId: string;
  readonly subscriptionId: string;
}

/** `"Search & Ranking"` → product `search-ranking`, subscription `search-ranking`; empty ids when there is no source. */
export function teamIds(teamName: string): TeamIds {
  const slug = slugify(teamName, '');
  return { productId: slug, subscriptionId: slug };
}
