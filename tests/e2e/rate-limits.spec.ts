import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type APIRequestContext, request as playwrightRequest } from "@playwright/test";
import { startChild } from "../../scripts/lib/start-child";
import { expect, test, uniqueEmail } from "./fixtures";

/**
 * Limits are keyed on the action, not the URL: every spelling of the login URL spends one budget,
 * X-Forwarded-For buys nothing unless TRUST_PROXY says so, and guessing join codes stops. A private
 * server, so the spent budgets do not touch the other tests.
 */
let server: ReturnType<typeof startChild>;
let base = "";
let dataDir = "";

test.beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "helix-review-limits-"));
  server = startChild(
    ["build/server.js"],
    { NODE_ENV: "production", HOST: "127.0.0.1", PORT: "0", DATABASE_PATH: join(dataDir, "limits.sqlite") },
    { timeoutMs: 60_000 },
  );
  base = await server.url;
});
test.afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const client = (headers: Record<string, string> = {}) =>
  playwrightRequest.newContext({ baseURL: base, extraHTTPHeaders: { Origin: base, ...headers }, maxRedirects: 0 });

async function account(api: APIRequestContext) {
  const email = uniqueEmail("limits");
  expect((await api.post("/signup", { form: { name: "Eszter", email, password: "correct horse battery" } })).status()).toBe(302);
  return email;
}

test("wrong passwords on one account, through any URL that reaches the login action, lock it; the right one is then refused too", async () => {
  const signup = await client({ "X-Forwarded-For": "192.0.2.1" });
  const email = await account(signup);
  await signup.dispose();
  // A logged-out browser (a logged-in one is sent on to its workshops whatever it posts).
  const api = await client();
  const paths = ["/login", "/login.data", "/%6Cogin", "/login?index", "/LOGIN"];
  const statuses: number[] = [];
  for (let i = 0; i < 10; i++)
    statuses.push((await api.post(paths[i % paths.length], { form: { email, password: `wrong password ${i}` } })).status());
  // Every attempt reached the login action and was refused as a wrong password (401 for the page,
  // 200 with the error for Remix's data request).
  expect(statuses.filter((s) => s !== 401 && s !== 200)).toEqual([]);
  const right = await api.post("/login", { form: { email, password: "correct horse battery" } });
  expect(right.status()).toBe(429);
  expect(right.headers()["retry-after"]).toBeTruthy();
  await api.dispose();
});

test("an address that spends its login budget is refused whatever X-Forwarded-For it claims", async () => {
  const statuses: number[] = [];
  for (let i = 0; i < 34; i++) {
    const api = await client({ "X-Forwarded-For": `203.0.113.${i}` });
    statuses.push(
      (await api.post(i % 2 ? "/login.data" : "/login", { form: { email: `nobody${i}@example.org`, password: "x" } })).status(),
    );
    await api.dispose();
  }
  // One budget of 30 a minute for this address (the test before spent some of it), whatever it claims.
  expect(statuses.filter((s) => s !== 429).length).toBeLessThanOrEqual(30);
  expect(statuses.slice(-3)).toEqual([429, 429, 429]);
});

test("guessing join codes stops after a few unknown ones, for real codes too", async () => {
  const api = await client({ "X-Forwarded-For": "198.51.100.7" });
  const statuses: number[] = [];
  for (let i = 0; i < 22; i++) statuses.push((await api.get(`/j/ZZZZ${String.fromCharCode(65 + (i % 20))}${i % 10}`)).status());
  // Unknown codes are sent to the join page (a redirect) until the budget is spent; then 429.
  expect(statuses.slice(0, 20).every((s) => s === 302)).toBe(true);
  expect(statuses.slice(20)).toEqual([429, 429]);
  expect((await api.get("/join?code=ABCDEF")).status()).toBe(429);
  await api.dispose();
});
