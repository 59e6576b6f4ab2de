/** Runs a composed section's policy elements in order; elements the sandbox does not implement are reported. */
import type { GatewayCall } from '../call';
import type { PolicyNode, SectionName } from './xml';

export type PolicyHandler = (node: PolicyNode, call: GatewayCall, section: SectionName) => Promise<void> | void;

export async function runSection(
  nodes: readonly PolicyNode[],
  call: GatewayCall,
  section: SectionName,
  handlers: Readonly<Record<string, PolicyHandler>>,
): Promise<void> {
  for (const node of nodes) {
    if (call.final) return;
    const handler = handlers[node.name];
    if (!handler) {
      call.reportUnsupported(node.name);
      continue;
    }
    await handler(node, call, section);
  }
}
