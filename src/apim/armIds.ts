/** The parts of a resource-group-scoped ARM id: `/subscriptions/{s}/resourceGroups/{rg}/providers/{ns}/{type}/{name}[/…]`. */
export interface ArmIdParts {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  /** The name after the first resource type (e.g. the component, the cluster). */
  readonly name: string;
  /** The child's name, when the id has one (e.g. the database of a cluster). */
  readonly child?: string;
}

export function parseArmId(id: string): ArmIdParts {
  const m = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/[^/]+\/[^/]+\/([^/]+)(?:\/[^/]+\/([^/]+))?$/i.exec(
    id.replace(/\/+$/, ''),
  );
  if (!m) throw new Error(`Not an Azure resource id: ${id}`);
  return { subscriptionId: m[1], resourceGroup: m[2], name: m[3], ...(m[4] ? { child: m[4] } : {}) };
}
