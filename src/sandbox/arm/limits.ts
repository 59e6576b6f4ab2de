/**
 * Field lengths and enums from APIM's REST API specification (2024-05-01 definitions), refused as APIM refuses them:
 * 400 ValidationError naming the field. The exact wording of APIM's messages is unverified.
 */
import { validationError } from './errors';

/** A string property, when given, has at most `max` characters. */
export function checkMaxLength(props: Record<string, unknown>, field: string, max: number): void {
  const v = props[field];
  if (typeof v === 'string' && v.length > max) throw validationError(field, `'${field}' may have at most ${max} characters.`);
}

/** APIM's API protocols. */
export const API_PROTOCOLS = ['http', 'https', 'ws', 'wss'];
