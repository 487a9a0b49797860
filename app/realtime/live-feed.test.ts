import { EventEmitter } from "node:events";
import { describe, expect, it, vi } from "vitest";
import { emptyState } from "../../tests/fixtures/workshop-state";
import { followWorkshop, type WorkshopSocket } from "./live-feed";

/** A socket as followWorkshop uses it: events in, `connect()` out, and whether Socket.IO still retries. */
function fakeSocket() {
  const emitter = new EventEmitter();
  const socket = Object.assign(emitter, { active: false, connected: false, connect: vi.fn(), disconnect: vi.fn() });
  return socket;
}

const refused = (code: string) => Object.assign(new Error(code), { data: { code } });

describe("following a workshop over a socket", () => {
  it("tries a handshake again later when the server refused it for being busy (Socket.IO itself gives up)", () => {
    vi.useFakeTimers();
    const socket = fakeSocket();
    const statuses: string[] = [];
    followWorkshop(socket as unknown as WorkshopSocket, {
      current: () => emptyState,
      commit: () => {},
      status: (s) => statuses.push(s),
      handshakeRetryMs: () => 3_000,
    });
    socket.emit("connect_error", refused("rate_limited"));
    socket.emit("connect_error", refused("rate_limited"));
    expect(statuses).toEqual(["offline", "offline"]);
    vi.advanceTimersByTime(2_999);
    expect(socket.connect).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(socket.connect).toHaveBeenCalledTimes(1);
    vi.useRealTimers();
  });

  it("does not retry a refusal of the credentials: the screen is told instead", () => {
    vi.useFakeTimers();
    const socket = fakeSocket();
    const errors: unknown[] = [];
    followWorkshop(socket as unknown as WorkshopSocket, {
      current: () => emptyState,
      commit: () => {},
      authError: (e) => errors.push(e),
      handshakeRetryMs: () => 10,
    });
    socket.emit("connect_error", refused("unauthenticated"));
    vi.advanceTimersByTime(1_000);
    expect(socket.connect).not.toHaveBeenCalled();
    expect(errors).toEqual([{ code: "unauthenticated", message: "unauthenticated" }]);
    vi.useRealTimers();
  });

  it("leaves reconnecting to Socket.IO while it still retries (a dropped transport), and stops for good", () => {
    vi.useFakeTimers();
    const socket = fakeSocket();
    socket.active = true;
    const stop = followWorkshop(socket as unknown as WorkshopSocket, {
      current: () => emptyState,
      commit: () => {},
      handshakeRetryMs: () => 10,
    });
    socket.emit("connect_error", refused("internal"));
    vi.advanceTimersByTime(100);
    expect(socket.connect).not.toHaveBeenCalled();

    socket.active = false;
    socket.emit("connect_error", refused("internal"));
    stop();
    vi.advanceTimersByTime(100);
    expect(socket.connect).not.toHaveBeenCalled();
    expect(socket.disconnect).toHaveBeenCalled();
    vi.useRealTimers();
  });
});
