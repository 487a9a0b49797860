import { type ComponentType, lazy, type ReactNode, Suspense } from "react";

const onServer = typeof document === "undefined";
const serverLoads: Promise<unknown>[] = [];

/**
 * A component whose code is its own chunk, fetched by the browser only when the component is first
 * shown (charts, markdown, the live room): a phone's first load carries what its first screen
 * needs (docs/benchmarks.md, "The phone page").
 *
 * The server renders it in full — every deferred module is loaded when the server starts and
 * entry.server waits for them (`deferredReady`) — so the HTML carries the content and a phone
 * without JavaScript reads it. In the browser the component sits in a Suspense boundary: during
 * hydration React keeps the server's HTML there until the chunk has arrived, then hydrates it; a
 * component first shown after hydration shows `fallback` for the moment its chunk takes.
 */
export function deferred<P extends object>(load: () => Promise<ComponentType<P>>, fallback: ReactNode = null) {
  let loaded: ComponentType<P> | undefined;
  let loading: Promise<ComponentType<P>> | undefined;
  const preload = () => {
    loading ??= load().then((component) => {
      loaded = component;
      return component;
    });
    return loading;
  };
  // Once loaded, `lazy` resolves at once (a thenable that answers synchronously): the server
  // never suspends on it, so nothing waits for a streamed chunk of HTML.
  type Loaded = { default: ComponentType<P> };
  // A synchronous thenable is the point here: React's lazy reads it as resolved at once.
  const resolved = (component: ComponentType<P>) => ({
    // biome-ignore lint/suspicious/noThenProperty: see above
    then: (resolve: (module: Loaded) => void) => resolve({ default: component }),
  });
  const Lazy = lazy(() =>
    loaded ? (resolved(loaded) as unknown as Promise<Loaded>) : preload().then((component) => ({ default: component })),
  );
  if (onServer) serverLoads.push(preload());
  // A component made per deferred module, once, at module level (never inside a render).
  // biome-ignore lint/correctness/noComponentHookFactories: see above
  function Deferred(props: P) {
    return (
      <Suspense fallback={fallback}>
        {/* biome-ignore lint/suspicious/noExplicitAny: props pass through unchanged */}
        <Lazy {...(props as any)} />
      </Suspense>
    );
  }
  Deferred.preload = preload;
  return Deferred;
}

/** Resolves when every deferred component's module is loaded (the server awaits it before rendering). */
export const deferredReady = () => Promise.all(serverLoads);
