/** Calendar dates as the config and the report write them: YYYY-MM-DD, in UTC. */

/** YYYY-MM-DD minus days, in UTC. */
export function daysBefore(date: string, days: number): string {
  const t = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(t)) throw new Error(`not a YYYY-MM-DD date: "${date}"`);
  return new Date(t - days * 86_400_000).toISOString().slice(0, 10);
}
