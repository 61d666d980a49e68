/** A feature's name in words: "recency_days" → "recency days". */
export function featureLabel(name: string): string {
  return name.replace(/[_-]+/g, " ").trim();
}
