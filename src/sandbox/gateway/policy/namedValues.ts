/** `{{named-value}}` substitution in policy values, by display name (as APIM resolves them) or by entity name. */
import type { ArmResource, ResourceStore } from '../../store';
import { memo } from '../../storeMemo';

export class NamedValues {
  private readonly byName = new Map<string, string>();

  constructor(store: ResourceStore, service: ArmResource) {
    for (const nv of store.children(service.id, 'namedValues')) {
      const value = nv.properties.value;
      if (typeof value !== 'string') continue;
      const display = nv.properties.displayName;
      this.byName.set(nv.name.toLowerCase(), value);
      if (typeof display === 'string') this.byName.set(display.toLowerCase(), value);
    }
  }

  /** Replaces every `{{name}}`; names it cannot resolve are returned in `missing` and left in place. */
  substitute(text: string): { value: string; missing: string[] } {
    const missing: string[] = [];
    const value = text.replace(/\{\{([^{}]+)\}\}/g, (whole, name: string) => {
      const v = this.byName.get(name.trim().toLowerCase());
      if (v === undefined) missing.push(name.trim());
      return v ?? whole;
    });
    return { value, missing };
  }
}

export function namedValuesOf(store: ResourceStore, service: ArmResource): NamedValues {
  return memo(store, `gateway:namedValues:${service.id.toLowerCase()}`, () => new NamedValues(store, service));
}
