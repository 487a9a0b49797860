import { describe, expect, it } from "vitest";
import { createKeyedQueue } from "./keyed-queue";

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe("a keyed queue", () => {
  it("runs one key's tasks one at a time, in order, and other keys' alongside", async () => {
    const enqueue = createKeyedQueue();
    const log: string[] = [];
    let running = 0;
    let most = 0;
    const task = (name: string) => async () => {
      running++;
      most = Math.max(most, running);
      log.push(`${name} starts`);
      await tick();
      log.push(`${name} ends`);
      running--;
      return name;
    };
    const answers = await Promise.all([enqueue("a", task("a1")), enqueue("a", task("a2")), enqueue("b", task("b1"))]);
    expect(answers).toEqual(["a1", "a2", "b1"]);
    expect(log.indexOf("a2 starts")).toBeGreaterThan(log.indexOf("a1 ends"));
    // b1 did not wait for a's tasks.
    expect(log.indexOf("b1 starts")).toBeLessThan(log.indexOf("a1 ends"));
    expect(most).toBe(2);
  });

  it("a task that fails is answered with its error, and the next one still runs", async () => {
    const enqueue = createKeyedQueue();
    const failing = enqueue("a", async () => {
      throw new Error("no");
    });
    const next = enqueue("a", async () => "yes");
    await expect(failing).rejects.toThrow("no");
    await expect(next).resolves.toBe("yes");
  });
});
