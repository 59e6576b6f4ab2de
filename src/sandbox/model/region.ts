/**
 * `x-ms-region`: Azure OpenAI names the region that served a call in this header, as the region's display name
 * ("Sweden Central"), which lets a client see which deployment of a pool answered.
 */
import type { ServerResponse } from 'node:http';

const DISPLAY_NAMES: Readonly<Record<string, string>> = {
  australiaeast: 'Australia East',
  canadaeast: 'Canada East',
  eastus: 'East US',
  eastus2: 'East US 2',
  francecentral: 'France Central',
  germanywestcentral: 'Germany West Central',
  japaneast: 'Japan East',
  northcentralus: 'North Central US',
  norwayeast: 'Norway East',
  southcentralus: 'South Central US',
  swedencentral: 'Sweden Central',
  switzerlandnorth: 'Switzerland North',
  uksouth: 'UK South',
  westeurope: 'West Europe',
  westus: 'West US',
  westus3: 'West US 3',
};

export function regionDisplayName(location: string): string {
  return DISPLAY_NAMES[location.toLowerCase()] ?? location;
}

export function setRegionHeader(res: ServerResponse, location: string | undefined): void {
  if (location) res.setHeader('x-ms-region', regionDisplayName(location));
}
