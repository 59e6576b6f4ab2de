/**
 * What the webviews share with the host beyond messages: the pure modules a front end needs (presets, validators,
 * resource names, form constants, the chat request builder) so that it shows the same rules the host enforces and
 * never rebuilds what the host sends. Webviews import src/protocol only;
 * this is the one module through which domain code reaches them.
 */
export { PROVIDER_PRESETS, findPreset, type ProviderPreset } from '../domain/import/providers';
export { validateLmApiForm, validateApiPath, type FieldErrors } from '../domain/import/validation';
export { lmApiResourceNames } from '../domain/import/resourceNames';
export type { PathAndId } from '../domain/import/freePath';
export {
  COUNTER_KEYS,
  LM_API_TYPES,
  MAX_METRIC_DIMENSIONS,
  METRIC_DIMENSIONS,
  QUOTA_PERIODS,
  SAFETY_CATEGORIES,
  SUBSCRIPTION_KEY_HEADERS,
  type LmApiForm,
  type LmApiPolicies,
  type MetricDimension,
  type SafetyCategory,
} from '../domain/import/lmApiForm';
/** "Configure AI Policies…": the page checks the groups the user changed with the host's own rules. */
export { validateConfiguredPolicies } from '../domain/policies/configureValidation';
/** What the AI policies' prerequisites can use, for the Policies page. */
export type { PrerequisiteFacts } from '../domain/policies/prerequisiteFacts';
/** The test console's chat request: its "Raw request" starts from the path and body the host sends for the form. */
export { buildChatRequest } from '../domain/chat/chatRequest';
export { buildTurnRequest } from '../domain/chat/turnRequest';
/** The console's transcript: turns added as answers arrive, usage summed, kept per tab. */
export { addTurn, conversationUsage, EMPTY_CONVERSATION } from '../domain/chat/conversation';
