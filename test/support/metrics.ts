/** Figures of an API process read from its GET /metrics, for tests that count work rather than time it. */

/** Commands the process issues on its own schedule (status checks, connection upkeep): not caused by a request. */
const BACKGROUND = new Set(['ping', 'hello', 'isMaster', 'endSessions']);

/** MongoDB commands the API process at `url` has issued so far, by command name, whatever their outcome; background ones left out. */
export async function mongoCommands(url: string): Promise<Map<string, number>> {
  return mongoCommandsIn(await (await fetch(`${url}/metrics`)).text());
}

/** The same from the text of a metrics registry (a process's, or one the test instruments itself). */
export function mongoCommandsIn(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const [, command, count] of text.matchAll(/^maestro_mongodb_command_duration_seconds_count\{command="([^"]+)",outcome="\w+"\} (\d+)$/gm)) {
    if (!BACKGROUND.has(command!)) counts.set(command!, (counts.get(command!) ?? 0) + Number(count));
  }
  return counts;
}

/** The commands issued between two readings, by name: only those whose count moved. */
export function commandsBetween(before: ReadonlyMap<string, number>, after: ReadonlyMap<string, number>): Record<string, number> {
  return Object.fromEntries([...after].filter(([name, n]) => n !== (before.get(name) ?? 0)).map(([name, n]) => [name, n - (before.get(name) ?? 0)]));
}

/** Every command in a reading, added up. */
export function totalCommands(counts: ReadonlyMap<string, number>): number {
  return [...counts.values()].reduce((sum, n) => sum + n, 0);
}
