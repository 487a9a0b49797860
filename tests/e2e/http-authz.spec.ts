import { createHash, randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { expect, httpClient, newWorkshopWithForm, PASSWORD, signUpWithForm, test, uniqueEmail } from "./fixtures";

/**
 * The HTTP authorization matrix, beside the socket one (tests/integration/contributions.test.ts,
 * "only the workshop's facilitators moderate and run the agenda"): every mutating route and intent,
 * and the pages that reveal or export a workshop, sent by everyone who is not entitled to it, as a
 * browser sends it (a form body, the Origin of the app's pages, the sender's cookies), both as the
 * document request a page without script makes and as the `.data` request the app's own forms
 * make. Each answer is the exact refusal of its row, and what the row aims at is read back from the
 * database afterwards: unchanged. The one entitled to the request sends the same request last and
 * it works, so a refusal is never a malformed request.
 */

/**
 * The outsiders: no cookie at all; Ágnes's phone (a participant of the workshop, with its cookie);
 * the projector (a browser that opened the display link: it holds no cookie); another facilitator,
 * logged in; the owner's cookie replayed after that session logged out; and the entitled sender's
 * own live cookie posted from a page on another site (POST rows only: a cross-site GET is a
 * top-level navigation the other site cannot read).
 */
const SENDERS = ["anonymous", "participant", "display", "otherFacilitator", "replayed", "crossSite"] as const;
type Sender = (typeof SENDERS)[number];
type Spelling = "document" | "data";

/** Who and what the matrix works on; set up once. */
type World = {
  base: string;
  workshopId: string;
  code: string;
  title: string;
  ownerEmail: string;
  ownerId: string;
  /** Bence: the participant whose own profile and language the participant rows aim at. */
  bence: { id: string; cookie: string };
  /** Csaba: the participant the privacy rows remove and erase. */
  csaba: string;
  /** Two more workshops of the owner's, for the deletion rows (each spelling deletes one). */
  spares: string[];
  /** Each sender's cookies, as a Cookie header (Jana: a facilitator the owner sent a link to). */
  cookies: Record<Sender | "owner" | "jana", string>;
  /** Invitation links to the team: one for Jana, one the owner revoked, and hashes of open ones to revoke. */
  invitations: { forJana: string; revoked: string; revocable: string[] };
  janaId: string;
};

type Answer = { status: number; location: string | null; cookies: string[]; body: string };
type Form = [string, string][];

type Row = {
  /** The route module (app/routes) and, for a multi-intent action, the intent. */
  route: string;
  intent?: string;
  method: "GET" | "POST";
  /** What it does, as the matrix names it. */
  what: string;
  /** The address; `who` sends it (a link may be one sender's and not another's). */
  path: (w: World, who: Sender | "entitled") => string;
  /** Default: both. */
  spellings?: readonly Spelling[];
  /** The body; `entitled` tells the entitled sender's request from an outsider's where they differ (credentials). */
  form?: (w: World, entitled: boolean) => Form;
  /** The state the row aims at, which no outsider may move. */
  watch: (w: World) => unknown;
  /** What only the entitled may read in the answer (the GET rows). */
  reveals?: (w: World) => string[];
  /** Each outsider's answer to the document request (a `.data` request gets 202 for a redirect, the same otherwise). */
  refused: Partial<Record<Sender, string>>;
  /** The one entitled to the request: their cookie, their answer, and the effect it must have had. */
  entitled: {
    who: string;
    cookie: (w: World) => string | Promise<string>;
    answer: string;
    done: (c: { before: unknown; after: unknown; form: Form; answer: Answer; w: World }) => boolean;
  };
};

let db: Database.Database;
const rows = <T>(sql: string, ...params: unknown[]) => db.prepare(sql).all(...params) as T[];
const one = <T>(sql: string, ...params: unknown[]) => db.prepare(sql).get(...params) as T;

const workshopState = (w: World) => ({
  workshop: one("select * from workshops where id = ?", w.workshopId),
  agenda: rows("select * from agenda_steps where workshop_id = ? order by position", w.workshopId),
  team: rows(
    "select facilitator_id, role from workshop_facilitators where workshop_id = ? order by facilitator_id",
    w.workshopId,
  ),
  participants: rows("select * from participants where workshop_id = ? order by id", w.workshopId),
  events: rows("select seq, type, actor from events where workshop_id = ? order by seq", w.workshopId),
});
const workshopRow = (w: World) =>
  one<{ status: string; display_token: string; settings: string }>("select * from workshops where id = ?", w.workshopId);
const participantRow = (id: string) =>
  one<{ removed_at: number | null; erased_at: number | null; display_name: string | null }>(
    "select * from participants where id = ?",
    id,
  );
const bence = (w: World) => one<{ helix: string; language: string }>("select * from participants where id = ?", w.bence.id);
const ownerSessions = (w: World) =>
  rows<{ token_hash: string }>(
    "select token_hash from facilitator_sessions where facilitator_id = ? order by token_hash",
    w.ownerId,
  );
/** Who is on the workshop's team, and its invitation links' state. */
const teamState = (w: World) => ({
  team: rows<{ facilitator_id: string; role: string }>(
    "select facilitator_id, role from workshop_facilitators where workshop_id = ? order by facilitator_id",
    w.workshopId,
  ),
  invitations: rows<{ token_hash: string; accepted_by: string | null; revoked_at: number | null }>(
    "select token_hash, accepted_by, revoked_at from workshop_invitations where workshop_id = ? order by token_hash",
    w.workshopId,
  ),
});
const hashOf = (token: string) => createHash("sha256").update(token).digest("base64url");
const coFacilitators = (w: World) => teamState(w).team.filter((m) => m.role === "co_facilitator");
const ownerPassword = (w: World) =>
  one<{ password_hash: string }>("select password_hash from facilitators where id = ?", w.ownerId);
const ownerWorkshops = (w: World) =>
  rows(
    "select w.id, w.title from workshops w join workshop_facilitators f on f.workshop_id = w.id where f.facilitator_id = ? order by w.id",
    w.ownerId,
  );

/** Sent from the app's pages, refused at the login wall: anonymous, a phone, the projector, a logged-out cookie. */
const LOGIN_WALL = { anonymous: "302 → /login", participant: "302 → /login", display: "302 → /login", replayed: "302 → /login" };
const ALL_OUTSIDERS = (answer: string) => ({
  anonymous: answer,
  participant: answer,
  display: answer,
  otherFacilitator: answer,
  replayed: answer,
});
/** The entitled sender's own cookie, posted from a page on another site: refused before any route runs. */
const CROSS_SITE = { crossSite: "403" };

type Effect = Pick<Row["entitled"], "answer" | "done">;
const byOwner = (effect: Effect): Row["entitled"] => ({ who: "the owner", cookie: (w) => w.cookies.owner, ...effect });
const byBence = (effect: Effect): Row["entitled"] => ({ who: "Bence's phone", cookie: (w) => w.bence.cookie, ...effect });

/** An intent of the facilitator's workshop page: for the workshop's team only. */
const onTheWorkshop = (intent: string, what: string, fields: (w: World) => Form, effect: Effect): Row => ({
  route: "workshops.$workshopId.tsx",
  intent,
  method: "POST",
  what,
  path: (w) => `/workshops/${w.workshopId}`,
  form: (w) => [["intent", intent], ...fields(w)],
  watch: workshopState,
  refused: { ...LOGIN_WALL, otherFacilitator: "404", ...CROSS_SITE },
  entitled: byOwner(effect),
});
/** Every participant's personal data gone, and the workshop marked erased. */
const workshopErased = (w: World) =>
  one<{ at: number | null }>("select personal_data_erased_at as at from workshops where id = ?", w.workshopId).at !== null &&
  rows("select id from participants where workshop_id = ? and display_name is not null", w.workshopId).length === 0;
/** The owner's cookie, once the owner has closed the workshop (its personal data may be erased only then). */
const closedByOwner = async (w: World) => {
  const api = await httpClient(w.base, { Cookie: w.cookies.owner });
  const closed = await api.post(`/workshops/${w.workshopId}`, { form: { intent: "setStatus", status: "closed" } });
  expect(closed.status()).toBe(200);
  await api.dispose();
  return w.cookies.owner;
};
const revokedAt = (hash: string) =>
  one<{ revoked_at: number | null } | undefined>("select revoked_at from workshop_invitations where token_hash = ?", hash)
    ?.revoked_at ?? null;
const ownerTemplates = (w: World) =>
  rows<{ id: string; name: string }>("select id, name from agenda_templates where facilitator_id = ? order by id", w.ownerId);
const archivedAt = (state: unknown) => (state as { workshop: { archived_at: number | null } }).workshop.archived_at;
/** The settings dialog as it posts them: the stored settings, with a new venue. */
const settingsForm = (w: World): Form => {
  const row = one<{ title: string; host_organisation: string; settings: string }>(
    "select title, host_organisation, settings from workshops where id = ?",
    w.workshopId,
  );
  const settings = JSON.parse(row.settings) as Record<string, string | string[]>;
  const many = (name: string) => ((settings[name] ?? []) as string[]).map((v): [string, string] => [name, v]);
  return [
    ["title", row.title],
    ["hostOrganisation", row.host_organisation],
    ["venue", `Budapest ${randomUUID().slice(0, 8)}`],
    ["anonymity", String(settings.anonymity ?? "anonymous")],
    ...many("helices"),
    ...many("roles"),
    ...many("languages"),
    ["defaultLanguage", String(settings.defaultLanguage ?? "en")],
    ["retentionDays", "30"],
  ];
};
const otherHelix = (w: World) => (bence(w).helix === "academia" ? "business" : "academia");
const otherLanguage = (w: World) => (bence(w).language === "hu" ? "en" : "hu");
const field = (form: Form, name: string) => form.find(([key]) => key === name)?.[1];
const count = (state: unknown) => (state as unknown[]).length;

const MATRIX: Row[] = [
  {
    route: "signup.tsx",
    method: "POST",
    what: "sign up again with the owner's email",
    path: () => "/signup",
    // Its action reads no cookie, and each try spends the sign-up budget the whole suite shares.
    spellings: ["document"],
    form: (w, entitled) => [
      ["name", entitled ? "Newcomer" : "Mallory"],
      ["email", entitled ? uniqueEmail("newcomer") : w.ownerEmail],
      ["password", "mallory's own password"],
    ],
    watch: (w) => one("select name, email, password_hash from facilitators where id = ?", w.ownerId),
    // Refused as taken (409); a logged-in browser is then sent on by the page to its own workshops.
    refused: { ...ALL_OUTSIDERS("409"), otherFacilitator: "302 → /workshops", ...CROSS_SITE },
    entitled: {
      who: "a newcomer with an email of their own",
      cookie: () => "",
      answer: "302 → /workshops +hr_session",
      done: ({ form }) => Boolean(one("select id from facilitators where email = ?", field(form, "email"))),
    },
  },
  {
    route: "login.tsx",
    method: "POST",
    what: "log in as the owner with a guessed password",
    path: () => "/login",
    // Its action reads no cookie, and each wrong password spends the owner's account budget.
    spellings: ["document"],
    form: (w, entitled) => [
      ["email", w.ownerEmail],
      ["password", entitled ? PASSWORD : "a good guess"],
    ],
    watch: ownerSessions,
    // Refused as a wrong password (401); a logged-in browser is then sent on by the page to its own workshops.
    refused: { ...ALL_OUTSIDERS("401"), otherFacilitator: "302 → /workshops", ...CROSS_SITE },
    entitled: {
      who: "the owner, with the password",
      cookie: () => "",
      answer: "302 → /workshops +hr_session",
      done: ({ before, after }) => count(after) === count(before) + 1,
    },
  },
  {
    route: "workshops.new.tsx",
    method: "POST",
    what: "create a workshop",
    path: () => "/workshops/new",
    form: () => [
      ["title", "Hijacked"],
      ["hostOrganisation", "Nobody"],
      ["anonymity", "anonymous"],
      ["roles", "local_stakeholder"],
      ["roles", "observer"],
    ],
    watch: ownerWorkshops,
    // Another facilitator may create workshops: their own, never in the owner's list.
    refused: { ...LOGIN_WALL, otherFacilitator: "302 → /workshops/:id", ...CROSS_SITE },
    entitled: byOwner({ answer: "302 → /workshops/:id", done: ({ before, after }) => count(after) === count(before) + 1 }),
  },
  onTheWorkshop(
    "setStatus",
    "open or close the workshop",
    (w) => [["status", workshopRow(w).status === "live" ? "draft" : "live"]],
    {
      answer: "200",
      done: ({ form, w }) => workshopRow(w).status === field(form, "status"),
    },
  ),
  onTheWorkshop("rotateDisplay", "replace the projector link", () => [], {
    answer: "200",
    done: ({ before, after }) => {
      const token = (state: unknown) => (state as { workshop: { display_token: string } }).workshop.display_token;
      return token(after) !== token(before);
    },
  }),
  onTheWorkshop(
    "languages",
    "choose the languages phones and the projector offer",
    (w) => {
      const stored = JSON.parse(String(workshopRow(w).settings)) as { defaultLanguage?: string };
      const next = stored.defaultLanguage === "lt" ? "sl" : "lt";
      return [
        ["languages", "en"],
        ["languages", next],
        ["defaultLanguage", next],
      ];
    },
    {
      answer: "200",
      done: ({ form, w }) =>
        (JSON.parse(String(workshopRow(w).settings)) as { defaultLanguage?: string }).defaultLanguage ===
        field(form, "defaultLanguage"),
    },
  ),
  onTheWorkshop(
    "timerSound",
    "switch the projector's chime at a timer's end",
    (w) => {
      const stored = JSON.parse(String(workshopRow(w).settings)) as { timerSound?: boolean };
      return [["timerSound", stored.timerSound ? "off" : "on"]];
    },
    {
      answer: "200",
      done: ({ form, w }) =>
        (JSON.parse(String(workshopRow(w).settings)) as { timerSound?: boolean }).timerSound ===
        (field(form, "timerSound") === "on"),
    },
  ),
  onTheWorkshop("settings", "change the workshop's settings", settingsForm, {
    answer: "200",
    done: ({ form, w }) =>
      one<{ venue: string }>("select venue from workshops where id = ?", w.workshopId).venue === field(form, "venue"),
  }),
  {
    ...onTheWorkshop("duplicate", "duplicate the workshop", () => [["title", "Budapest peer review (copy)"]], {
      answer: "302 → /workshops/:id",
      done: ({ before, after }) => count(after) === count(before) + 1,
    }),
    watch: ownerWorkshops,
  },
  {
    ...onTheWorkshop("saveTemplate", "save the agenda as a template", () => [["name", "Two-day review"]], {
      answer: "200",
      done: ({ before, after }) => count(after) === count(before) + 1,
    }),
    watch: ownerTemplates,
  },
  {
    route: "workshops._index.tsx",
    intent: "deleteTemplate",
    method: "POST",
    what: "delete one of the owner's agenda templates",
    path: () => "/workshops",
    form: (w) => [
      ["intent", "deleteTemplate"],
      ["templateId", ownerTemplates(w)[0]?.id ?? "none"],
    ],
    watch: ownerTemplates,
    // Another facilitator's post names a template that is not theirs: not found.
    refused: { ...LOGIN_WALL, otherFacilitator: "404", ...CROSS_SITE },
    entitled: byOwner({ answer: "200", done: ({ before, after }) => count(after) === count(before) - 1 }),
  },
  // Archived and back at once: the rows after these write to the workshop again.
  onTheWorkshop("archive", "archive the workshop", () => [], {
    answer: "200",
    done: ({ after }) => archivedAt(after) !== null,
  }),
  onTheWorkshop("unarchive", "un-archive the workshop", () => [], {
    answer: "200",
    done: ({ after }) => archivedAt(after) === null,
  }),
  {
    route: "workshops.$workshopId.tsx",
    intent: "delete",
    method: "POST",
    what: "delete a workshop, its title typed",
    // A spare workshop of the owner's: each spelling's entitled request deletes one.
    path: (w) => `/workshops/${w.spares[0]}`,
    form: (w) => [
      ["intent", "delete"],
      ["confirmTitle", one<{ title: string } | undefined>("select title from workshops where id = ?", w.spares[0])?.title ?? ""],
    ],
    watch: ownerWorkshops,
    refused: { ...LOGIN_WALL, otherFacilitator: "404", ...CROSS_SITE },
    entitled: byOwner({
      answer: "302 → /workshops",
      done: ({ before, after, w }) => {
        const gone = count(after) === count(before) - 1 && !one("select id from workshops where id = ?", w.spares[0]);
        w.spares.shift();
        return gone;
      },
    }),
  },
  onTheWorkshop("joinAddress", "choose the address phones join at", (w) => [["origin", w.base]], {
    answer: "200 +hr_join",
    done: ({ answer }) => answer.cookies.includes("hr_join"),
  }),
  {
    route: "j.$code.tsx",
    method: "POST",
    what: "change Bence's profile",
    path: (w) => `/j/${w.code}`,
    form: (w) => [
      ["helix", otherHelix(w)],
      ["role", "local_stakeholder"],
      ["displayName", "Bence"],
      ["language", "en"],
      ["joinKey", randomUUID()],
    ],
    watch: (w) => ({
      bence: bence(w),
      workshop: one("select title, status, display_token, settings from workshops where id = ?", w.workshopId),
    }),
    // Anyone with the code may join: a sender without Bence's cookie joins as a newcomer of their
    // own, and a participant's cookie changes only that participant.
    refused: {
      ...ALL_OUTSIDERS("302 → /j/:code +hr_p_:workshop"),
      participant: "200 +hr_p_:workshop",
      ...CROSS_SITE,
    },
    entitled: byBence({ answer: "200 +hr_p_:workshop", done: ({ form, w }) => bence(w).helix === field(form, "helix") }),
  },
  {
    route: "language.tsx",
    method: "POST",
    what: "change Bence's language",
    path: () => "/language",
    // The app posts it only from a fetcher, as a data request. (A plain document POST to this
    // resource route answers its JSON without the Set-Cookie; no page sends one.)
    spellings: ["data"],
    form: (w) => [
      ["language", otherLanguage(w)],
      ["workshopId", w.workshopId],
    ],
    watch: bence,
    // Anyone may choose their own browser's language; only Bence's cookie reaches his.
    refused: { ...ALL_OUTSIDERS("200 +hr_lang"), ...CROSS_SITE },
    entitled: byBence({ answer: "200 +hr_lang", done: ({ form, w }) => bence(w).language === field(form, "language") }),
  },
  // The team: the owner's alone (a co-facilitator's refusal is in tests/integration/team.test.ts).
  {
    ...onTheWorkshop("invite", "make a link to join the team", () => [], {
      answer: "200",
      done: ({ before, after }) =>
        (after as ReturnType<typeof teamState>).invitations.length ===
        (before as ReturnType<typeof teamState>).invitations.length + 1,
    }),
    watch: teamState,
  },
  {
    ...onTheWorkshop(
      "revokeInvitation",
      "revoke an open invitation link",
      (w) => [["invitation", w.invitations.revocable.find((hash) => !revokedAt(hash)) ?? ""]],
      { answer: "200", done: ({ form }) => Boolean(revokedAt(field(form, "invitation") ?? "")) },
    ),
    watch: teamState,
  },
  {
    ...onTheWorkshop(
      "removeFacilitator",
      "remove a co-facilitator from the team",
      (w) => [["facilitatorId", coFacilitators(w).find((m) => m.facilitator_id !== w.janaId)?.facilitator_id ?? ""]],
      {
        answer: "200",
        done: ({ form, w }) => !teamState(w).team.some((m) => m.facilitator_id === field(form, "facilitatorId")),
      },
    ),
    watch: teamState,
  },
  {
    route: "invite.$token.tsx",
    method: "GET",
    what: "an invitation to the team",
    // The link is the credential: another facilitator tries one the owner revoked.
    path: (w, who) => `/invite/${who === "otherFacilitator" ? w.invitations.revoked : w.invitations.forJana}`,
    watch: teamState,
    reveals: (w) => [w.title],
    refused: { ...LOGIN_WALL, otherFacilitator: "404" },
    entitled: {
      who: "Jana, who was sent the link",
      cookie: (w) => w.cookies.jana,
      answer: "200",
      done: ({ answer, w }) => answer.body.includes(w.title),
    },
  },
  {
    route: "invite.$token.tsx",
    method: "POST",
    what: "join the team with an invitation link",
    path: (w, who) => `/invite/${who === "otherFacilitator" ? w.invitations.revoked : w.invitations.forJana}`,
    form: () => [],
    watch: teamState,
    refused: { ...LOGIN_WALL, otherFacilitator: "404", ...CROSS_SITE },
    entitled: {
      who: "Jana, who was sent the link",
      cookie: (w) => w.cookies.jana,
      answer: "302 → /workshops/:id",
      done: ({ w }) => coFacilitators(w).some((m) => m.facilitator_id === w.janaId),
    },
  },
  {
    route: "account.tsx",
    method: "GET",
    what: "the account page",
    path: () => "/account",
    watch: ownerPassword,
    reveals: (w) => [w.ownerEmail],
    // Another facilitator sees their own account.
    refused: { ...LOGIN_WALL, otherFacilitator: "200" },
    entitled: byOwner({ answer: "200", done: ({ answer, w }) => answer.body.includes(w.ownerEmail) }),
  },
  {
    route: "account.tsx",
    method: "POST",
    what: "change the owner's password",
    path: () => "/account",
    form: (_w, entitled) => [
      ["currentPassword", entitled ? PASSWORD : "a good guess"],
      ["newPassword", entitled ? PASSWORD : "mallory's own password"],
    ],
    watch: ownerPassword,
    // Another facilitator reaches only their own account, whose current password they got wrong.
    refused: { ...LOGIN_WALL, otherFacilitator: "400", ...CROSS_SITE },
    // The same password again: the logout row below logs in with it. A new salt, a new hash.
    entitled: byOwner({ answer: "200", done: ({ before, after }) => !same(before, after) }),
  },
  onTheWorkshop(
    "removeParticipant",
    "remove a participant",
    (w) => [
      ["participantId", w.csaba],
      ["contributions", "anonymise"],
    ],
    { answer: "200", done: ({ w }) => participantRow(w.csaba).removed_at !== null },
  ),
  onTheWorkshop("eraseParticipant", "erase a participant's personal data", (w) => [["participantId", w.csaba]], {
    answer: "200",
    done: ({ w }) => participantRow(w.csaba).erased_at !== null && participantRow(w.csaba).display_name === null,
  }),
  // Erasing a workshop's personal data needs it closed: the owner closes it first (its own row
  // above shows that only they can), then every outsider is refused and the owner's request works.
  (() => {
    const row = onTheWorkshop("erasePersonalData", "erase the personal data of every participant", () => [], {
      answer: "200",
      done: ({ w }) => workshopErased(w),
    });
    return { ...row, entitled: { ...row.entitled, cookie: closedByOwner } };
  })(),
  {
    route: "workshops.$workshopId.tsx",
    method: "GET",
    what: "the facilitator's workshop page",
    path: (w) => `/workshops/${w.workshopId}`,
    watch: workshopState,
    reveals: (w) => [workshopRow(w).display_token],
    refused: { ...LOGIN_WALL, otherFacilitator: "404" },
    entitled: byOwner({ answer: "200", done: ({ answer, w }) => answer.body.includes(workshopRow(w).display_token) }),
  },
  {
    route: "workshops.$workshopId.report.$format.ts",
    method: "GET",
    what: "the report download",
    path: (w) => `/workshops/${w.workshopId}/report/json`,
    // A download, not a page: there is no data request for it. Each try spends the report budget.
    spellings: ["document"],
    watch: workshopState,
    reveals: (w) => [w.title],
    refused: { ...LOGIN_WALL, otherFacilitator: "404" },
    entitled: byOwner({ answer: "200", done: ({ answer, w }) => answer.body.includes(w.title) }),
  },
  {
    route: "workshops._index.tsx",
    method: "GET",
    what: "the list of workshops",
    path: () => "/workshops",
    watch: ownerWorkshops,
    reveals: (w) => [w.title],
    // Another facilitator sees a list: their own.
    refused: { ...LOGIN_WALL, otherFacilitator: "200" },
    entitled: byOwner({ answer: "200", done: ({ answer, w }) => answer.body.includes(w.title) }),
  },
  // Last: the entitled sender ends every session of the owner.
  {
    route: "logout.tsx",
    method: "POST",
    what: "log the owner out everywhere",
    path: () => "/logout",
    form: () => [["everywhere", "1"]],
    watch: ownerSessions,
    // Anyone may log out: their own session ends (the cookie is cleared), never the owner's.
    refused: { ...ALL_OUTSIDERS("302 → / +hr_session"), ...CROSS_SITE },
    entitled: {
      who: "the owner, logged in afresh",
      cookie: async (w) => {
        const api = await httpClient(w.base);
        expect((await api.post("/login", { form: { email: w.ownerEmail, password: PASSWORD } })).status()).toBe(302);
        const cookie = await cookieHeader(api);
        await api.dispose();
        return cookie;
      },
      answer: "302 → / +hr_session",
      done: ({ before, after }) => count(before) > 0 && count(after) === 0,
    },
  },
];

/** Routes whose loader needs a facilitator but shows nothing of anyone's workshops. */
const REVEALS_NOTHING: Record<string, string> = { "workshops.new.tsx": "an empty form" };

async function cookieHeader(api: Awaited<ReturnType<typeof httpClient>>) {
  return (await api.storageState()).cookies.map((c) => `${c.name}=${c.value}`).join("; ");
}

/** The same names in every run: a workshop's id and join code stand as `:workshop`, `:id` and `:code`. */
function normalise(text: string, w: World) {
  return text
    .replaceAll(`hr_p_${w.workshopId}`, "hr_p_:workshop")
    .replaceAll(w.code, ":code")
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, ":id");
}

async function send(
  w: World,
  row: Row,
  spelling: Spelling,
  as: { who: Sender | "entitled"; cookie: string; origin?: string },
  form?: Form,
) {
  const api = await httpClient(w.base, {
    ...(as.origin ? { Origin: as.origin } : {}),
    ...(as.cookie ? { Cookie: as.cookie } : {}),
  });
  try {
    const path = row.path(w, as.who) + (spelling === "data" ? ".data" : "");
    const response =
      row.method === "GET"
        ? await api.get(path)
        : await api.post(path, {
            headers: { "Content-Type": "application/x-www-form-urlencoded" },
            data: new URLSearchParams(form ?? []).toString(),
          });
    const location = response.headers().location ?? null;
    return {
      status: response.status(),
      location: location === null ? null : normalise(location.split("?")[0], w),
      cookies: response
        .headersArray()
        .filter((h) => h.name.toLowerCase() === "set-cookie")
        .map((h) => normalise(h.value.split("=")[0], w)),
      body: await response.text(),
    } satisfies Answer;
  } finally {
    await api.dispose();
  }
}

const said = (a: Answer) =>
  `${a.status}${a.location === null ? "" : ` → ${a.location}`}${a.cookies.map((c) => ` +${c}`).join("")}`;
/** Remix answers a data request's redirect with 202 and the same Location. */
const asData = (answer: string) => answer.replace(/^302 /, "202 ");
const cell = (row: Row, who: string, spelling: Spelling) =>
  `${row.method} ${row.route}${row.intent ? ` [${row.intent}]` : ""} (${row.what})${spelling === "data" ? " .data" : ""} × ${who}`;
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

test.describe("the HTTP authorization matrix", () => {
  let w: World;

  test.beforeAll(async () => {
    const path = process.env.E2E_DATABASE_PATH;
    if (!path) throw new Error("E2E_DATABASE_PATH is not set: globalSetup did not start the server");
    db = new Database(path, { readonly: true, fileMustExist: true });
  });
  test.afterAll(() => db?.close());

  test("every mutating route and intent, and every protected page, refuses each outsider and changes nothing", async ({
    baseURL,
  }) => {
    test.setTimeout(180_000);
    const base = baseURL ?? "";
    // The owner, with a workshop; another facilitator.
    const ownerApi = await httpClient(base);
    const { email: ownerEmail } = await signUpWithForm(ownerApi, "Eszter");
    const title = `Budapest peer review ${randomUUID()}`;
    const workshopId = await newWorkshopWithForm(ownerApi, title);
    const { join_code: code, display_token: displayToken } = one<{ join_code: string; display_token: string }>(
      "select join_code, display_token from workshops where id = ?",
      workshopId,
    );
    const otherApi = await httpClient(base);
    await signUpWithForm(otherApi, "Someone from Vienna");
    // Two phones join by code: Ágnes (an outsider to Bence's own rows) and Bence.
    const phone = async (name: string, helix: string) => {
      const api = await httpClient(base);
      const joined = await api.post(`/j/${code}`, {
        form: { helix, role: "local_stakeholder", displayName: name, language: "en", joinKey: randomUUID() },
      });
      expect(joined.status()).toBe(302);
      return api;
    };
    const agnesApi = await phone("Ágnes", "community");
    const benceApi = await phone("Bence", "community");
    const csabaApi = await phone("Csaba", "academia");
    // The projector opens its link.
    const displayApi = await httpClient(base);
    expect((await displayApi.get(`/display/${displayToken}`)).status()).toBe(200);
    // The owner logs in on a second browser, copies that cookie, and logs that browser out.
    const laptopApi = await httpClient(base);
    expect((await laptopApi.post("/login", { form: { email: ownerEmail, password: PASSWORD } })).status()).toBe(302);
    const replayed = await cookieHeader(laptopApi);
    expect((await laptopApi.post("/logout", { form: {} })).status()).toBe(302);

    // The team: invitation links the owner makes (as the page's own fetcher does), Lena and Marta
    // join with two, one is revoked, two stay open to be revoked, and one waits for Jana.
    const invite = async () => {
      const made = await ownerApi.post(`/workshops/${workshopId}.data`, { form: { intent: "invite" } });
      expect(made.status()).toBe(200);
      const token = /\/invite\/([\w-]{20,})/.exec(await made.text())?.[1];
      if (!token) throw new Error("no invitation link in the answer");
      return token;
    };
    const coFacilitator = async (name: string) => {
      const api = await httpClient(base);
      await signUpWithForm(api, name);
      expect((await api.post(`/invite/${await invite()}`, { form: {} })).status()).toBe(302);
      await api.dispose();
    };
    await coFacilitator("Lena");
    await coFacilitator("Marta");
    const revoked = await invite();
    const revokedNow = await ownerApi.post(`/workshops/${workshopId}`, {
      form: { intent: "revokeInvitation", invitation: hashOf(revoked) },
    });
    expect(revokedNow.status()).toBe(200);
    const revocable = [hashOf(await invite()), hashOf(await invite())];
    const forJana = await invite();
    const janaApi = await httpClient(base);
    const { email: janaEmail } = await signUpWithForm(janaApi, "Jana");

    const ownerId = one<{ id: string }>("select id from facilitators where email = ?", ownerEmail).id;
    const benceId = one<{ id: string }>(
      "select id from participants where workshop_id = ? and display_name = 'Bence'",
      workshopId,
    ).id;
    w = {
      base,
      workshopId,
      code,
      title,
      ownerEmail,
      ownerId,
      bence: { id: benceId, cookie: await cookieHeader(benceApi) },
      csaba: one<{ id: string }>("select id from participants where workshop_id = ? and display_name = 'Csaba'", workshopId).id,
      spares: [
        await newWorkshopWithForm(ownerApi, `Spare ${randomUUID()}`),
        await newWorkshopWithForm(ownerApi, `Spare ${randomUUID()}`),
      ],
      cookies: {
        anonymous: "",
        participant: await cookieHeader(agnesApi),
        display: await cookieHeader(displayApi),
        otherFacilitator: await cookieHeader(otherApi),
        replayed,
        crossSite: "", // the entitled sender's, per row
        owner: await cookieHeader(ownerApi),
        jana: await cookieHeader(janaApi),
      },
      invitations: { forJana, revoked, revocable },
      janaId: one<{ id: string }>("select id from facilitators where email = ?", janaEmail).id,
    };
    expect(w.cookies.participant).toContain(`hr_p_${workshopId}=`);
    expect(w.cookies.otherFacilitator).toContain("hr_session=");
    expect(replayed).toContain("hr_session=");
    await Promise.all(
      [ownerApi, otherApi, agnesApi, benceApi, csabaApi, displayApi, laptopApi, janaApi].map((api) => api.dispose()),
    );

    const expected: Record<string, string> = {};
    const observed: Record<string, string> = {};
    for (const row of MATRIX) {
      for (const spelling of row.spellings ?? (["document", "data"] as const)) {
        for (const sender of SENDERS) {
          const answer = row.refused[sender];
          if (answer === undefined) continue;
          const key = cell(row, sender, spelling);
          expected[key] = spelling === "data" ? asData(answer) : answer;
          const as =
            sender === "crossSite"
              ? { who: sender, cookie: await row.entitled.cookie(w), origin: "https://evil.example" }
              : { who: sender, cookie: w.cookies[sender] };
          const before = row.watch(w);
          const got = await send(w, row, spelling, as, row.form?.(w, false));
          const leaked = (row.reveals?.(w) ?? []).filter((secret) => got.body.includes(secret));
          observed[key] =
            said(got) + (same(before, row.watch(w)) ? "" : " · CHANGED IT") + (leaked.length ? " · REVEALED IT" : "");
        }
        // The entitled sender, last: the same request works.
        const key = cell(row, `entitled: ${row.entitled.who}`, spelling);
        expected[key] = spelling === "data" ? asData(row.entitled.answer) : row.entitled.answer;
        const cookie = await row.entitled.cookie(w);
        const form = row.form?.(w, true) ?? [];
        const before = row.watch(w);
        const got = await send(w, row, spelling, { who: "entitled", cookie }, form);
        const done = row.entitled.done({ before, after: row.watch(w), form, answer: got, w });
        observed[key] = said(got) + (done ? "" : " · BUT DID NOT DO IT");
      }
    }
    expect(observed).toEqual(expected);
  });
});

// ── Completeness: a new action, intent or protected page without a row fails here ──────────────

const ROUTES_DIR = fileURLToPath(new URL("../../app/routes/", import.meta.url));

/** The source of a route module's exported `name`: up to a closing brace at the start of a line, or the next export. */
function exported(source: string, name: "action" | "loader"): string | null {
  const start = source.search(new RegExp(`export\\s+(async\\s+)?function\\s+${name}\\b|export\\s+const\\s+${name}\\b`));
  if (start < 0) return null;
  const ends = [source.indexOf("\n}", start), source.indexOf("\nexport ", start + 1)].filter((i) => i >= 0);
  return source.slice(start, ends.length ? Math.min(...ends) : undefined);
}

test("every route with an action, each of its intents, and every page that needs a facilitator has a row", () => {
  const inApp: string[] = [];
  const protectedPages: string[] = [];
  for (const file of readdirSync(ROUTES_DIR).filter((f) => /\.tsx?$/.test(f))) {
    const source = readFileSync(ROUTES_DIR + file, "utf8");
    expect(source, `${file} re-exports an action or a loader: read it by hand`).not.toMatch(
      /export\s*\{[^}]*\b(action|loader)\b/,
    );
    const action = exported(source, "action");
    if (action) {
      const intents = [...action.matchAll(/intent\s*===\s*"([^"]+)"|case\s+"([^"]+)"\s*:/g)].map((m) => m[1] ?? m[2]);
      if (intents.length === 0 && /["']intent["']/.test(action)) inApp.push(`POST ${file} [intents not found]`);
      else if (intents.length === 0) inApp.push(`POST ${file}`);
      else for (const intent of new Set(intents)) inApp.push(`POST ${file} [${intent}]`);
    }
    if (exported(source, "loader")?.includes("requireFacilitator") && !REVEALS_NOTHING[file]) protectedPages.push(`GET ${file}`);
  }
  const inMatrix = MATRIX.filter((r) => r.method === "POST").map((r) => `POST ${r.route}${r.intent ? ` [${r.intent}]` : ""}`);
  expect([...new Set(inMatrix)].sort()).toEqual(inApp.sort());
  expect(
    MATRIX.filter((r) => r.method === "GET")
      .map((r) => `GET ${r.route}`)
      .sort(),
  ).toEqual(protectedPages.sort());
});
