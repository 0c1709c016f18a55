import { INVENTORY_TYPES } from '../modules/inventory/inventory-types.ts';

/** One entry of the left navigation. Entries without a path are capabilities still to come. */
export interface NavigationEntry {
  label: string;
  path?: string;
  description: string;
  /** A section's pages, listed under it. */
  children?: readonly NavigationEntry[];
}

export const NAVIGATION: readonly NavigationEntry[] = [
  { label: 'Status', path: '/status', description: 'Health of every component of the stack' },
  {
    label: 'Inventory',
    path: `/${INVENTORY_TYPES[0]?.route ?? 'datacenters'}`,
    description: 'Everything Maestro knows about: datacenters, servers, applications and the rest',
    children: INVENTORY_TYPES.map((def) => ({ label: def.pluralLabel, path: `/${def.route}`, description: def.description })),
  },
  { label: 'Dependency graphs', path: '/graphs', description: 'What depends on what, and the blast radius of a failure' },
  { label: 'Reports', path: '/reports', description: 'Tables, pivots and charts; CSV, XLSX, PDF, Ansible and more' },
  {
    label: 'Discovery',
    path: '/connections',
    description: 'Cloud connections, what they discover and their runs',
    children: [
      { label: 'Connections', path: '/connections', description: 'Cloud accounts Maestro discovers, with their runs' },
      { label: 'Schedules', path: '/schedules', description: 'HTTP calls and reports on an interval or a cron expression, and when discovery runs next' },
    ],
  },
  {
    label: 'History',
    path: '/activity',
    description: 'Every change, by whom and when',
    children: [{ label: 'Activity', path: '/activity', description: 'Changes across the inventory, newest first, as they happen' }],
  },
  { label: 'Teams', path: '/teams', description: 'Members, roles and access' },
];
