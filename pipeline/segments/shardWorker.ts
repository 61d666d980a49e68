/**
 * A worker thread of the k-means pool (parallel.ts): holds one shard of rows (a view of the
 * shared matrix) and carries out the coordinator's commands on it, one at a time, answering each
 * with the shard's reply. All the work is LloydShard's, the same code a single core runs.
 *
 * With `handover` the commands come through handover.ts (the thread waits on a shared counter and
 * reads its port synchronously, never returning to the event loop until told to close); without,
 * as messages on the parent port.
 */
import { parentPort, workerData, type MessagePort } from "node:worker_threads";
import { LloydShard, type BlockLayout, type ShardCommand, type ShardRange, type ShardReply } from "../../src/lib/cluster/lloydShard.js";
import {
  COMMAND, COMMAND_KIND, IN_STEP_BUFFERS, ON_PORT, readStep, REPLY, REPLY_KIND, signal, STOPPED, take, Waiter, writeStepReply, type StepBuffers,
} from "./handover.js";

export interface ShardWorkerData {
  buffer: SharedArrayBuffer;
  d: number;
  layout: BlockLayout;
  range: ShardRange;
  handover?: { counters: SharedArrayBuffer; port: MessagePort };
}

export type WorkerAnswer = { ok: true; reply: ShardReply } | { ok: false; message: string };

/** A command on the hand-over's port; a fit's first command brings the step arrays when k changed. */
export interface PortCommand {
  command: ShardCommand | { op: "close" };
  step?: StepBuffers;
}

const { buffer, d, layout, range, handover } = workerData as ShardWorkerData;
const rows = range.rowEnd - range.rowStart;
const shard = new LloydShard(new Float64Array(buffer, range.rowStart * d * 8, rows * d), d, layout, range);

function answer(command: ShardCommand): WorkerAnswer {
  try {
    return { ok: true, reply: shard.run(command) };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

/** The reply's arrays were made for it: moved to the coordinator, not copied. */
function transfers(reply: WorkerAnswer): ArrayBuffer[] {
  if (!reply.ok) return [];
  const out = new Set<ArrayBuffer>();
  for (const value of Object.values(reply.reply)) if (ArrayBuffer.isView(value) && value.buffer instanceof ArrayBuffer) out.add(value.buffer);
  return [...out];
}

parentPort!.postMessage({ ready: true });
if (handover) {
  const counters = new Int32Array(handover.counters);
  const port = handover.port;
  // A coordinator waiting for a reply must not sleep on a thread that is gone.
  process.on("exit", () => signal(counters, REPLY, STOPPED));
  // Let the ready message go out before this thread stops returning to its event loop.
  setImmediate(() => {
    const waiter = new Waiter();
    let step: StepBuffers | null = null;
    let seen = 0;
    for (;;) {
      seen = waiter.waitForChange(counters, COMMAND, seen);
      let command: ShardCommand;
      const inStep = Atomics.load(counters, COMMAND_KIND) === IN_STEP_BUFFERS;
      if (inStep) {
        command = { op: "step", ...readStep(step!, d) };
      } else {
        const message = take<PortCommand>(port);
        if (message.command.op === "close") break;
        if (message.step) step = message.step;
        command = message.command;
      }
      const reply = answer(command);
      if (reply.ok && inStep) {
        writeStepReply(step!, reply.reply);
        Atomics.store(counters, REPLY_KIND, IN_STEP_BUFFERS);
      } else {
        port.postMessage(reply, transfers(reply));
        Atomics.store(counters, REPLY_KIND, ON_PORT);
      }
      signal(counters, REPLY, seen);
    }
    port.close();
  });
} else {
  parentPort!.on("message", (command: ShardCommand) => {
    const reply = answer(command);
    parentPort!.postMessage(reply, transfers(reply));
  });
}
