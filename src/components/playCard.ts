/**
 * A segment's recommended actions from the playbook: what to do and offer, the channel, what to
 * avoid and the KPI to watch. Text from the config is shown as text (textContent), never as HTML.
 */
export interface PlayText {
  action: string;
  channel: string;
  avoid: string;
  kpi: string;
}

export const PLAY_LABELS: readonly [keyof PlayText, string][] = [
  ["action", "What to do and offer"],
  ["channel", "Through"],
  ["avoid", "Avoid"],
  ["kpi", "KPI to watch"],
];

export function playCard(play: PlayText, options: { archetype?: string } = {}): HTMLElement {
  const card = document.createElement("div");
  card.className = "card play-card";
  const list = document.createElement("dl");
  list.className = "play";
  for (const [field, label] of PLAY_LABELS) {
    const dt = document.createElement("dt");
    dt.textContent = label;
    const dd = document.createElement("dd");
    dd.dataset.play = field;
    dd.textContent = play[field];
    list.append(dt, dd);
  }
  card.append(list);
  if (options.archetype) {
    const note = document.createElement("p");
    note.className = "muted";
    note.textContent = `From the playbook for the “${options.archetype}” archetype (workbench.config.json: playbook, segmentation.actions).`;
    card.append(note);
  }
  return card;
}
