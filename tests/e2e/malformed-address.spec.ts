import { expect, test } from "./fixtures";

/**
 * Found by the fuzz (fuzz.spec.ts): an address whose percent-escapes are not UTF-8 made Express's
 * router throw a URIError, which its final handler logged with a stack on every request. It is
 * now refused up front with a plain 400 of the app's own.
 */
test("an address whose percent-escapes are not UTF-8 gets the app's plain 400, whatever the method", async ({
  request,
  baseURL,
}) => {
  for (const path of ["/%c0%ae%c0%ae/etc/passwd", "/j/%ED%A0%80", "/assets/%FF", "/workshops/%E0%A4%A"]) {
    for (const method of ["GET", "POST"]) {
      const response = await request.fetch(path, {
        method,
        headers: { Origin: baseURL ?? "", "Content-Type": "application/x-www-form-urlencoded" },
        data: method === "POST" ? "a=b" : undefined,
        maxRedirects: 0,
      });
      expect(response.status(), `${method} ${path}`).toBe(400);
      expect(response.headers()["content-type"], `${method} ${path}`).toMatch(/^text\/plain/);
      expect(await response.text()).toBe("This address could not be read.");
    }
  }
  // Well-formed escapes still reach the app.
  expect((await request.get("/%6Cologin", { maxRedirects: 0 })).status()).toBe(404);
  expect((await request.get("/%6Cogin", { maxRedirects: 0 })).status()).toBe(200);
});

/**
 * Found by the fuzz: `?_data=routes/login` (Remix's data request from before Single Fetch, which
 * this app's client never makes) made Remix throw on the login page's null loader data: a 500.
 */
test("an old-style ?_data request gets a 400, on every route; .data requests still work", async ({ request }) => {
  for (const path of [
    "/login?_data=routes%2Flogin",
    "/signup?_data=routes%2Fsignup",
    "/workshops/new?_data=routes%2Fworkshops.new",
    "/?%5Fdata=root",
    "/join?code=ABC&_data=routes%2Fjoin",
  ]) {
    const response = await request.get(path, { maxRedirects: 0 });
    expect(response.status(), path).toBe(400);
    expect(await response.text()).toBe("Data requests use .data addresses.");
  }
  expect((await request.get("/login.data", { maxRedirects: 0 })).status()).toBe(200);
  expect((await request.get("/login?redirectTo=%2Fworkshops", { maxRedirects: 0 })).status()).toBe(200);
});
