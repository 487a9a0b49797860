import type { APIRequestContext } from "@playwright/test";
import { expect, httpClient, newWorkshopWithForm, PASSWORD, signUpWithForm, test } from "./fixtures";

/**
 * The HTTP side of the security model, tried as an attacker would with plain requests against the
 * real server: a logged-out session's cookie opens nothing, bodies that are not forms get a 400,
 * an oversized chunked body is stopped at the limit.
 */
/** What its facilitator sees of the workshop: the projector link, and (from the report) whether it is still running. */
async function workshopPage(api: APIRequestContext, workshopId: string) {
  const html = await (await api.get(`/workshops/${workshopId}`)).text();
  const report = (await (await api.get(`/workshops/${workshopId}/report/json`)).json()) as { interim: boolean };
  return { displayLink: /\/display\/([\w-]+)/.exec(html)?.[1], running: report.interim };
}

test("after logout, the old cookie replayed opens nothing and changes nothing", async ({ baseURL }) => {
  const base = baseURL ?? "";
  const browser = await httpClient(base);
  const { cookie, email } = await signUpWithForm(browser);
  const workshopId = await newWorkshopWithForm(browser);
  const before = await workshopPage(browser, workshopId);
  expect(before.displayLink).toBeTruthy();

  expect((await browser.post("/logout", { form: {} })).status()).toBe(302);

  // Someone who copied the cookie before the logout replays it.
  const thief = await httpClient(base, { Cookie: cookie });
  const page = await thief.get(`/workshops/${workshopId}`);
  expect(page.status()).toBe(302);
  expect(page.headers().location).toMatch(/^\/login/);
  expect((await thief.get("/workshops")).status()).toBe(302);
  const status = await thief.post(`/workshops/${workshopId}`, { form: { status: "closed" } });
  expect(status.status()).toBe(302);
  expect((await thief.post("/workshops/new", { form: { title: "Hijack", hostOrganisation: "X" } })).status()).toBe(302);
  expect((await thief.post(`/workshops/${workshopId}`, { form: { intent: "rotateDisplay" } })).status()).toBe(302);
  const report = await thief.get(`/workshops/${workshopId}/report/json`);
  expect([302, 401, 403, 404]).toContain(report.status());

  // Nothing changed: logged in again, the workshop has the same projector link and is not closed.
  const again = await httpClient(base);
  expect((await again.post("/login", { form: { email, password: PASSWORD } })).status()).toBe(302);
  expect(await workshopPage(again, workshopId)).toEqual(before);
  await Promise.all([browser.dispose(), thief.dispose(), again.dispose()]);
});

test("bodies that are not forms get a 400 with a message, never a 500, on every form route", async ({ baseURL }) => {
  const base = baseURL ?? "";
  const facilitator = await httpClient(base);
  await signUpWithForm(facilitator);
  const workshopId = await newWorkshopWithForm(facilitator);
  const page = await facilitator.get(`/workshops/${workshopId}`);
  const code = /\/j\/([A-Z0-9]{6})/.exec(await page.text())?.[1] ?? "";
  expect(code).not.toBe("");

  const bad: { name: string; headers: Record<string, string>; data: string | Buffer }[] = [
    { name: "JSON", headers: { "Content-Type": "application/json" }, data: '{"email":"a@b.c","password":"x"}' },
    { name: "plain text", headers: { "Content-Type": "text/plain" }, data: "email=a@b.c" },
    { name: "no content type", headers: {}, data: Buffer.from("email=a@b.c") },
    { name: "broken multipart", headers: { "Content-Type": "multipart/form-data; boundary=xyz" }, data: "--xyz\r\nbroken" },
  ];
  const routes = [
    "/login",
    "/login.data",
    "/signup",
    "/language",
    `/j/${code}`,
    "/workshops/new",
    `/workshops/${workshopId}`,
    "/logout",
  ];
  const answers: string[] = [];
  for (const route of routes) {
    for (const body of bad) {
      const response = await facilitator.post(route, { headers: body.headers, data: body.data });
      answers.push(`${route} ${body.name}: ${response.status()}`);
      expect(response.status(), `${route} with ${body.name}`).toBeLessThan(500);
    }
  }
  // Every one of them is the sender's mistake, said so.
  expect(answers.filter((a) => !a.endsWith(": 400"))).toEqual([]);
  await facilitator.dispose();
});

test("a chunked body far over the limit is stopped, and the server answers the next request", async ({ baseURL }) => {
  const base = baseURL ?? "";
  const url = new URL("/language", base);
  const { request } = await import("node:http");
  const status = await new Promise<number>((resolve) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: "POST",
        headers: { Origin: base, "Content-Type": "application/x-www-form-urlencoded" },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on("error", () => resolve(-1));
    const chunk = Buffer.alloc(64 * 1024, 97);
    let sent = 0;
    const write = () => {
      while (sent < 50 * 1024 * 1024) {
        sent += chunk.length;
        if (!req.write(chunk)) return req.once("drain", write);
      }
      req.end();
    };
    write();
  });
  // Refused at the limit (413), or the connection closed under the sender's feet.
  expect([413, -1]).toContain(status);
  const api = await httpClient(base);
  expect((await api.get("/healthz")).status()).toBe(200);
  await api.dispose();
});
