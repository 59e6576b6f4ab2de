/**
 * API policies as files, `aigateway-policy:/{subscription}/{resourceGroup}/{service}/{apiId}/policy.xml`, so that
 * the policy opens in a normal XML editor and Save writes it back. The ETag read with the policy goes back as
 * If-Match: a policy changed in Azure meanwhile is reported as a conflict, never overwritten.
 */
import * as vscode from 'vscode';
import type { AzureClients } from '../azure/clients';
import { ConflictError, errorDetails, explainError } from '../apim/errors';
import { getApiPolicy, putApiPolicy } from '../apim/policies';
import { parseServiceId, type ApiRef } from '../apim/refs';
import { parsePolicyDocumentUri, policyDocumentUri, POLICY_SCHEME } from '../domain/policyDocumentUri';
import type { Logger } from '../log';

export const policyScheme = POLICY_SCHEME;

/** Shown by VS Code when a save fails because the policy changed in Azure. */
export const policyConflictMessage =
  'The policy changed in Azure since you opened it. Reopen it to get the latest, then apply your change again';

const emptyPolicy =
  '<policies>\n\t<inbound>\n\t\t<base />\n\t</inbound>\n\t<backend>\n\t\t<base />\n\t</backend>\n\t<outbound>\n\t\t<base />\n\t</outbound>\n\t<on-error>\n\t\t<base />\n\t</on-error>\n</policies>';

export function policyUri(api: Pick<ApiRef, 'service' | 'apiId'>): vscode.Uri {
  const s = api.service;
  const uri = policyDocumentUri({
    subscriptionId: s.subscriptionId,
    resourceGroup: s.resourceGroup,
    serviceName: s.name,
    apiId: api.apiId,
  });
  return vscode.Uri.from({ scheme: uri.scheme, path: uri.path });
}

export function parsePolicyUri(uri: vscode.Uri): Pick<ApiRef, 'service' | 'apiId'> {
  const ref = parsePolicyDocumentUri(uri);
  if (!ref) throw vscode.FileSystemError.FileNotFound(uri);
  const service = parseServiceId(
    `/subscriptions/${ref.subscriptionId}/resourceGroups/${ref.resourceGroup}/providers/Microsoft.ApiManagement/service/${ref.serviceName}`,
  );
  return { service, apiId: ref.apiId };
}

interface OpenedPolicy {
  etag: string | undefined;
  content: Uint8Array;
  mtime: number;
}

export class PolicyFileSystem implements vscode.FileSystemProvider {
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;
  private readonly opened = new Map<string, OpenedPolicy>();

  constructor(
    private readonly clients: () => AzureClients,
    private readonly log: Logger,
  ) {}

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const policy = this.opened.get(uri.toString()) ?? (await this.load(uri));
    return { type: vscode.FileType.File, ctime: 0, mtime: policy.mtime, size: policy.content.byteLength };
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    return (await this.load(uri)).content;
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    const api = parsePolicyUri(uri);
    const known = this.opened.get(uri.toString());
    try {
      const etag = await putApiPolicy(this.clients(), api, new TextDecoder().decode(content), known?.etag);
      this.opened.set(uri.toString(), { etag, content, mtime: Date.now() });
      this.log.info(`Saved the policy of ${api.service.name}/${api.apiId}`);
    } catch (e) {
      this.log.error(`Saving the policy of ${api.service.name}/${api.apiId} failed: ${errorDetails(e)}`);
      if (e instanceof ConflictError) throw vscode.FileSystemError.Unavailable(policyConflictMessage);
      throw vscode.FileSystemError.Unavailable(explainError(e, `save the policy of "${api.apiId}"`));
    }
    this.changed.fire([{ type: vscode.FileChangeType.Changed, uri }]);
  }

  readDirectory(): [string, vscode.FileType][] {
    return [];
  }

  createDirectory(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  delete(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  rename(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  dispose(): void {
    this.changed.dispose();
  }

  private async load(uri: vscode.Uri): Promise<OpenedPolicy> {
    const api = parsePolicyUri(uri);
    try {
      const policy = await getApiPolicy(this.clients(), api);
      const opened: OpenedPolicy = { etag: policy?.etag, content: new TextEncoder().encode(policy?.xml ?? emptyPolicy), mtime: Date.now() };
      this.opened.set(uri.toString(), opened);
      return opened;
    } catch (e) {
      this.log.error(`Reading the policy of ${api.service.name}/${api.apiId} failed: ${errorDetails(e)}`);
      throw vscode.FileSystemError.Unavailable(explainError(e, `read the policy of "${api.apiId}"`));
    }
  }
}
