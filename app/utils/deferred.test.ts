import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { deferred, deferredReady } from "./deferred";

const Nothing = () => null;

describe("a deferred component on the server", () => {
  it("renders in full once its module is loaded: the HTML carries it, no Suspense fallback", async () => {
    let loads = 0;
    const Theme = deferred<{ text: string }>(
      async () => {
        loads += 1;
        return ({ text }: { text: string }) => createElement("p", { className: "theme" }, text);
      },
      createElement("span", null, "loading"),
    );
    await deferredReady();
    const html = renderToString(createElement(Theme, { text: "Smart specialisation" }));
    expect(html).toContain('<p class="theme">Smart specialisation</p>');
    expect(html).not.toContain("loading");
    // Rendered again (another request): the same module, loaded once.
    expect(renderToString(createElement(Theme, { text: "Again" }))).toContain("Again");
    expect(loads).toBe(1);
  });

  it("preload() resolves with the component the chunk exports", async () => {
    const Deferred = deferred(async () => Nothing);
    expect(await Deferred.preload()).toBe(Nothing);
  });
});
