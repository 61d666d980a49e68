/**
 * The page's clustering workers, a team per job: a coordinator that runs the job (src/lib/cluster/
 * jobs.ts) and the members it shares the job's k-means out to, one per core (src/lib/cluster/team.ts).
 * The page creates every worker itself and wires the coordinator to its members, and to the
 * feature store when the table lives in one (featureStore.ts), with MessageChannels, so the work
 * never passes through the main thread and cancelling terminates the whole team at once.
 *
 * Every worker runs the same bundle (kmeansWorker.ts); its first message tells it its role.
 */

/** The part of a Web Worker the client uses (tests pass stand-ins). */
export interface WorkerLike {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  terminate(): void;
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: ((event: { message?: string }) => void) | null;
}

/** The first message a worker gets: its role. */
export type RoleMessage =
  | { type: "member"; port: MessagePort }
  | { type: "coordinator"; members: MessagePort[]; features: MessagePort | null };

/** Where a team's coordinator reads named columns (the feature store's page side). */
export interface ColumnStore {
  connect(): MessagePort;
}

/** Threads a page's k-means runs on by default: every core the browser reports. */
export function defaultThreads(): number {
  const cores = typeof navigator === "undefined" ? 1 : navigator.hardwareConcurrency;
  return Number.isInteger(cores) && cores > 0 ? cores : 1;
}

export class WorkerTeam {
  readonly coordinator: WorkerLike;
  /** None when k-means runs in the coordinator itself (one thread); filled in as they start (see the constructor). */
  readonly members: WorkerLike[] = [];
  /** Called once when a worker of the team fails (its script did not load, or it threw outside a job). */
  onfailure: ((message: string) => void) | null = null;
  #terminated = false;

  /**
   * `threads` ≤ 1: the coordinator alone; more: that many members besides the coordinator (which mostly
   * waits on them). Starting a Web Worker takes the page's main thread several milliseconds, so the
   * coordinator starts now and each member in a task of its own after: the coordinator gets its ends
   * of the members' channels at once, and what it posts on them waits in the channel until the member
   * is there.
   */
  constructor(createWorker: () => WorkerLike, threads: number, store: ColumnStore | null = null) {
    this.coordinator = createWorker();
    const count = threads > 1 ? Math.floor(threads) : 0;
    const channels = Array.from({ length: count }, () => new MessageChannel());
    const ports = channels.map((c) => c.port1);
    const features = store ? store.connect() : null;
    this.coordinator.postMessage({ type: "coordinator", members: ports, features } satisfies RoleMessage, features ? [...ports, features] : ports);
    this.#watch(this.coordinator);
    const startMember = (i: number) => {
      if (this.#terminated || i >= count) return;
      const member = createWorker();
      member.postMessage({ type: "member", port: channels[i].port2 } satisfies RoleMessage, [channels[i].port2]);
      this.members.push(member);
      this.#watch(member);
      setTimeout(() => startMember(i + 1), 0);
    };
    if (count) setTimeout(() => startMember(0), 0);
  }

  #watch(worker: WorkerLike): void {
    worker.onerror = (event) => this.#fail(`clustering worker failed: ${event.message ?? "unknown error"}`);
  }

  #fail(message: string): void {
    if (this.#terminated) return;
    this.terminate();
    this.onfailure?.(message);
  }

  get terminated(): boolean {
    return this.#terminated;
  }

  /** Terminates every worker of the team, the coordinator first (no message of a cancelled job reaches the page after). */
  terminate(): void {
    if (this.#terminated) return;
    this.#terminated = true;
    this.coordinator.onmessage = null;
    for (const worker of [this.coordinator, ...this.members]) {
      worker.onerror = null;
      worker.terminate();
    }
  }
}
