/** Where the dependency graph pages live. */

export const GRAPHS_PATH = '/graphs';
export const NEW_GRAPH_PATH = '/graphs/new';

export function graphPath(id: string): string {
  return `${GRAPHS_PATH}/${encodeURIComponent(id)}`;
}

export function editGraphPath(id: string): string {
  return `${graphPath(id)}/edit`;
}
