/** A valid Language Model API form (Google Gemini preset) for tests to vary one field at a time. */
import type { LmApiForm } from '../../../src/domain/import/lmApiForm';

export const geminiForm: LmApiForm = {
  provider: 'gemini',
  displayName: 'Gemini',
  description: '',
  url: 'https://generativelanguage.googleapis.com/v1beta/openai',
  path: 'gemini',
  type: 'chat-completions',
  headerName: 'Authorization',
  headerValueFormat: 'Bearer {key}',
  products: [],
  subscriptionKeyHeader: 'api-key',
  policies: {},
};
