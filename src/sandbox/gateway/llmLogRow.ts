/** A row of the ApiManagementGatewayLlmLog table as the sandbox records it (a leaf: the gateway state holds these). */
export interface LlmLogRow {
  readonly TimeGenerated: string;
  readonly CorrelationId: string;
  /** The workspace the row lands in, and its table ('AzureDiagnostics' unless the setting is resource-specific). */
  readonly workspaceId: string;
  readonly table: 'ApiManagementGatewayLlmLog' | 'AzureDiagnostics';
  readonly serviceId: string;
  readonly ApiId: string;
  readonly OperationId: string;
  readonly ModelName: string;
  readonly IsStreamCompletion: boolean;
  readonly PromptTokens: number;
  readonly CompletionTokens: number;
  readonly TotalTokens: number;
  readonly SequenceNumber: number;
  /** JSON of the request's messages (a 32 KB part of it), when requests are logged. */
  readonly RequestMessages?: string;
  /** JSON of the response's messages (a 32 KB part of it), when responses are logged. */
  readonly ResponseMessages?: string;
}
