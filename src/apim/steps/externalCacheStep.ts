/**
 * The instance's external cache for an Azure Managed Redis database: host, port and access key are read inside `apply`;
 * the key goes only into the PUT, which APIM turns into a secret named value of its own.
 */
import { hasRediSearch } from '../../domain/policies/prerequisiteFacts';
import type { ExternalCacheStep } from '../../domain/policies/steps';
import { parseArmId } from '../armIds';
import type { StepContext, StepHandler } from '../importExecutor';
import { at, notFound, writeOptions } from './stepIo';

const clusterIdOf = (databaseId: string): string => databaseId.replace(/\/databases\/[^/]+\/?$/i, '');

/** The cache's `resourceId` is the cluster's full URI, as APIM's examples write it. */
const cacheResourceId = (ctx: StepContext, databaseId: string): string =>
  `${ctx.clients.cloud.resourceManagerEndpoint.replace(/\/+$/, '')}${clusterIdOf(databaseId)}`;

export const externalCacheHandler: StepHandler<ExternalCacheStep> = {
  async inspect(step, ctx) {
    const client = await ctx.clients.apim(ctx.service.subscriptionId);
    const current = await client.cache.get(...at(ctx), step.payload.cacheId, { abortSignal: ctx.abortSignal }).catch((e: unknown) => {
      if (notFound(e)) return undefined;
      throw e;
    });
    if (!current) return { state: 'absent' };
    const cluster = clusterIdOf(step.payload.databaseId).toLowerCase();
    return (current.resourceId ?? '').toLowerCase().endsWith(cluster)
      ? { state: 'same' }
      : {
          state: 'different',
          ...(current.eTag ? { etag: current.eTag } : {}),
          summary: `An external cache "${step.payload.cacheId}" already exists for another Redis (${current.description ?? current.resourceId ?? ''}).`,
        };
  },
  async apply(step, inspection, ctx) {
    const { subscriptionId, resourceGroup, name: cluster, child } = parseArmId(step.payload.databaseId);
    const database = child ?? 'default';
    const redis = await ctx.clients.redisEnterprise(subscriptionId);
    const [clusterInfo, db] = await Promise.all([
      redis.redisEnterprise.get(resourceGroup, cluster),
      redis.databases.get(resourceGroup, cluster, database),
    ]);
    // Checked again here: the choice was validated against a listing that may be minutes old.
    if (!hasRediSearch({ modules: (db.modules ?? []).map((m) => m.name) })) {
      throw new Error(
        `The Redis database ${cluster}/${database} has no RediSearch module, which semantic caching needs. Choose a database with RediSearch.`,
      );
    }
    if (!clusterInfo.hostName) {
      throw new Error(`The Azure Managed Redis ${cluster} has no host name yet. Wait until it is running, then retry.`);
    }
    const keys = await redis.databases.listKeys(resourceGroup, cluster, database);
    if (!keys.primaryKey) {
      throw new Error(`The access keys of ${cluster}/${database} could not be read. Check that access keys are enabled.`);
    }
    const client = await ctx.clients.apim(ctx.service.subscriptionId);
    await client.cache.createOrUpdate(
      ...at(ctx),
      step.payload.cacheId,
      {
        connectionString: `${clusterInfo.hostName}:${db.port ?? 10000},password=${keys.primaryKey},ssl=True,abortConnect=False`,
        useFromLocation: step.payload.useFromLocation,
        description: `Azure Managed Redis ${cluster} (AI Gateway semantic cache)`,
        resourceId: cacheResourceId(ctx, step.payload.databaseId),
      },
      writeOptions(inspection),
    );
    return { cacheId: step.payload.cacheId };
  },
  async undo(entry, ctx) {
    const client = await ctx.clients.apim(ctx.service.subscriptionId);
    await client.cache.delete(...at(ctx), (entry.undo as { cacheId: string }).cacheId, '*').catch((e: unknown) => {
      if (!notFound(e)) throw e;
    });
  },
};
