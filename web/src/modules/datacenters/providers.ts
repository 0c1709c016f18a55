import type { Provider } from '../../gql/graphql.ts';

export const PROVIDER_LABELS: Record<Provider, string> = {
  AWS: 'AWS',
  AZURE: 'Azure',
  GCP: 'Google Cloud',
  DIGITAL_OCEAN: 'DigitalOcean',
  OPENSTACK: 'OpenStack',
  BARE_METAL: 'Bare metal',
  OTHER: 'Other',
};

export const PROVIDERS = Object.keys(PROVIDER_LABELS) as Provider[];

export function isProvider(value: string): value is Provider {
  return (PROVIDERS as string[]).includes(value);
}
