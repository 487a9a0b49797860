import { expect, PHONE, signUpFacilitator, test, uniqueEmail } from "./fixtures";

test("an unknown join code, or one of the wrong length, gets a clear message on the join page", async ({ openContext }) => {
  const phone = await (await openContext(PHONE)).newPage();
  await phone.goto("/join");
  await phone.getByLabel("Workshop code").fill("qqqqqq");
  await phone.getByRole("button", { name: "Continue" }).click();
  await expect(phone.getByTestId("join-error")).toContainText("There is no workshop with this code");
  // The QR target with a wrong code explains the same.
  await phone.goto("/j/XXXXXX");
  await expect(phone.getByTestId("join-error")).toContainText("There is no workshop with this code");
  // Too short to be a code: the phone is told how long one is, not that there is no such workshop.
  await phone.getByLabel("Workshop code").fill("hum");
  await phone.getByRole("button", { name: "Continue" }).click();
  await expect(phone.getByTestId("join-error")).toHaveText("A code has six letters and digits, like K7XMQP.");
});

test("sign-up shows field errors and refuses an email already registered", async ({ page }) => {
  const email = uniqueEmail("twice");
  await page.goto("/signup");
  await page.getByLabel("Your name").fill("First");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("long enough password");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "My workshops" })).toBeVisible();
  await page.getByRole("button", { name: "Log out", exact: true }).click();
  await expect(page.getByRole("link", { name: "Log in" })).toBeVisible();

  await page.goto("/signup");
  await page.getByLabel("Your name").fill("Second");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("another long password");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("An account with this email already exists.")).toBeVisible();

  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("wrong password");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByRole("alert")).toContainText("The email or the password is not right.");
});

test("the server refuses oversized bodies and cross-origin posts, and answers a socket handshake", async ({ request }) => {
  const big = await request.post("/login", {
    headers: { "content-type": "application/x-www-form-urlencoded" },
    data: `email=a%40b.c&password=${"x".repeat(100_000)}`,
  });
  expect(big.status()).toBe(413);

  const foreign = await request.post("/login", {
    headers: { origin: "https://evil.example", "content-type": "application/x-www-form-urlencoded" },
    data: "email=a%40b.c&password=whatever",
  });
  expect(foreign.status()).toBe(403);

  const handshake = await request.get("/socket.io/?EIO=4&transport=polling");
  expect(handshake.status()).toBe(200);
  expect(await handshake.text()).toContain('"sid"');

  const missing = await request.get("/no/such/page");
  expect(missing.status()).toBe(404);
});

test("facilitator pages need a login and another facilitator's workshop is not found", async ({ page, openContext }) => {
  await page.goto("/workshops");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fworkshops/);

  await signUpFacilitator(page, "Owner");
  await page.getByRole("link", { name: "New workshop" }).click();
  // Spaces pass the browser's own `required` check; the server trims them and refuses.
  await page.getByLabel("Title").fill("   ");
  await page.getByLabel("Host organisation").fill("Host");
  await page.getByLabel("First day").fill("2024-11-15");
  await page.getByLabel("Last day").fill("2024-11-14");
  await page.getByRole("button", { name: "Create workshop" }).click();
  await expect(page.getByText("Some fields need attention.")).toBeVisible();
  await expect(page.getByText("Required.")).toBeVisible();
  await expect(page.getByText("The last day cannot be before the first.")).toBeVisible();
  await page.goto("/workshops");
  await expect(page.getByText("You have no workshops yet.")).toBeVisible();
  await page.getByRole("link", { name: "New workshop" }).click();
  await page.getByLabel("Title").fill("Private workshop");
  await page.getByLabel("Host organisation").fill("Host");
  await page.getByRole("button", { name: "Create workshop" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Private workshop" })).toBeVisible();
  const workshopUrl = page.url();

  const other = await (await openContext()).newPage();
  await signUpFacilitator(other, "Someone else");
  const response = await other.goto(workshopUrl);
  expect(response?.status()).toBe(404);
});
