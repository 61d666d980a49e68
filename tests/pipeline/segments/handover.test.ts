import { once } from "node:events";
import { describe, expect, it } from "vitest";
import { COUNTERS, REPLY, signal, SpinBudget } from "../../../pipeline/segments/handover.js";
import { startTypeScriptWorker } from "../../../pipeline/segments/typeScriptWorker.js";

/** One wait against a budget: an answer within the spin is seen at once; a later one after a sleep and a wake-up. */
function wait(budget: SpinBudget, answerMs: number, wakeMs = 0.08): boolean {
  const spun = answerMs <= budget.spinMs;
  budget.observe(spun ? answerMs : answerMs + wakeMs);
  return spun;
}

describe("SpinBudget", () => {
  it("spins again as soon as the answers are quick, after a run of slow ones", () => {
    // A fresh pool's first fits: the other side is JIT-cold and answers after a millisecond.
    const budget = new SpinBudget(0.005, 0.2);
    for (let i = 0; i < 200; i++) wait(budget, 1);
    expect(budget.spinMs).toBe(0.005);
    // Then it answers in 60 µs: within a few waits the spin catches every answer. (Halving the spin
    // after each sleep and doubling it after each catch never caught one again: 5 µs < 60 µs.)
    const caught = Array.from({ length: 20 }, () => wait(budget, 0.06));
    expect(caught.slice(5).every(Boolean)).toBe(true);
    expect(budget.spinMs).toBeGreaterThanOrEqual(0.06);
  });

  it("hardly spins while the other side is not running (an oversubscribed machine)", () => {
    const budget = new SpinBudget(0.005, 0.2);
    const caught = Array.from({ length: 50 }, () => wait(budget, 3));
    expect(caught.filter(Boolean)).toEqual([]);
    expect(budget.spinMs).toBe(0.005);
  });

  it("keeps spinning through one long pause among quick answers", () => {
    const budget = new SpinBudget(0.005, 0.2);
    for (let i = 0; i < 20; i++) wait(budget, 0.05);
    wait(budget, 40); // a garbage collection on the other side
    const caught = Array.from({ length: 10 }, () => wait(budget, 0.05));
    expect(caught.slice(3).every(Boolean)).toBe(true);
  });

  it("stays within its bounds", () => {
    const budget = new SpinBudget(0.005, 0.2);
    for (let i = 0; i < 50; i++) budget.observe(0);
    expect(budget.spinMs).toBe(0.005);
    for (let i = 0; i < 50; i++) budget.observe(0.19);
    expect(budget.spinMs).toBe(0.2);
  });
});

describe("signal", () => {
  it("wakes a waiter that went to sleep (signal skips the wake-up only when nobody sleeps)", async () => {
    const counters = new SharedArrayBuffer(COUNTERS * 4);
    const worker = startTypeScriptWorker(new URL("../../fixtures/handover/sleepingWaiter.ts", import.meta.url), { counters, index: REPLY });
    try {
      const messages: { waiting?: boolean; seen?: number }[] = [];
      worker.on("message", (m) => messages.push(m));
      while (!messages.some((m) => m.waiting)) await once(worker, "message");
      // Far longer than any spin (0.2 ms at most): the worker is asleep in Atomics.wait by now.
      await new Promise((ok) => setTimeout(ok, 100));
      signal(new Int32Array(counters), REPLY, 7);
      const woke = new Promise<number | undefined>((ok) => {
        const check = () => (messages.some((m) => m.seen !== undefined) ? ok(messages.find((m) => m.seen !== undefined)!.seen) : setTimeout(check, 5));
        check();
      });
      const timeout = new Promise<"asleep">((ok) => setTimeout(() => ok("asleep"), 10_000));
      expect(await Promise.race([woke, timeout])).toBe(7);
    } finally {
      await worker.terminate();
    }
  });
});
