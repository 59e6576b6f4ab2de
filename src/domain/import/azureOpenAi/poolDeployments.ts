/**
 * The deployments of a pool of accounts behind one Azure OpenAI API. The pool picks a member by priority and weight,
 * never by the deployment a call names, so a call for a name one member lacks fails (404 DeploymentNotFound) whenever
 * the pool sends it there. A member that shares no deployment with the first account can serve no call at all: that
 * is refused with one sentence. Members that share some but not all are allowed (a team may call only the shared
 * one), and Review says which deployments every member serves.
 */

export interface PoolAccountDeployments {
  /** The account's name, as the sentence shows it. */
  readonly name: string;
  readonly deployments: readonly string[];
}

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();
const quoted = (names: readonly string[]): string => names.map((n) => `"${n}"`).join(', ');

/** Errors under `pool.{n}.member` (n = 1 for the first extra account, as the form numbers them). */
export function poolDeploymentErrors(
  primary: PoolAccountDeployments,
  extras: readonly PoolAccountDeployments[],
): Partial<Record<`pool.${number}.member`, string>> {
  const errors: Partial<Record<`pool.${number}.member`, string>> = {};
  if (primary.deployments.length === 0) return errors;
  extras.forEach((member, i) => {
    if (member.deployments.some((d) => primary.deployments.some((p) => same(p, d)))) return;
    const has = member.deployments.length === 0 ? 'has no deployments' : `has only ${quoted(member.deployments)}`;
    errors[`pool.${i + 1}.member`] =
      `Backend ${i + 2} (${member.name}) ${has}, none of which ${primary.name} has (${quoted(primary.deployments)}): every call the pool sends there would fail. Choose a resource with the same deployments, or deploy them in ${member.name}.`;
  });
  return errors;
}

/** What Review adds to the pool's line when its members do not all serve the same deployments; empty when they do. */
export function poolDeploymentNote(members: readonly PoolAccountDeployments[]): string {
  const all = members.flatMap((m) => m.deployments).filter((d, i, list) => list.findIndex((x) => same(x, d)) === i);
  const everywhere = all.filter((d) => members.every((m) => m.deployments.some((x) => same(x, d))));
  if (everywhere.length === all.length) return '';
  const partial = all.filter((d) => !everywhere.includes(d));
  return `; only ${everywhere.length > 0 ? quoted(everywhere) : 'no deployment'} on every member: calls for ${quoted(partial)} fail when the pool sends them to a member without that deployment`;
}
