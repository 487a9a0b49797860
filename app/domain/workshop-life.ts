import { z } from "zod";
import type { Helix, Role } from "./helix";
import { refuse } from "./result";
import {
  type Anonymity,
  datesInOrder,
  defaultIsOffered,
  defaultNotOffered,
  type WorkshopStatus,
  workshopDetailsFields,
} from "./schemas";
import { lineOfText } from "./text";

/**
 * A workshop's life after it was created: its settings changed at any time (within the rules
 * below), duplicated as the start of the next one, archived, deleted. Pure: the services enforce
 * these rules, the screens ask them what to offer.
 */

/** From least to most anonymous: a room that was promised anonymity never loses it. */
const ANONYMITY_ORDER: readonly Anonymity[] = ["named", "anonymous"];

/**
 * Whether the anonymity may go from `from` to `to`: freely before anyone joined; once someone has,
 * only towards more anonymous (people joined under a promise; names must never appear later).
 */
export function canChangeAnonymity(from: Anonymity, to: Anonymity, hasParticipants: boolean): boolean {
  if (from === to || !hasParticipants) return true;
  return ANONYMITY_ORDER.indexOf(to) > ANONYMITY_ORDER.indexOf(from);
}

/** The anonymity options a settings form offers (the current one included). */
export function anonymityOptions(from: Anonymity, hasParticipants: boolean): Anonymity[] {
  return ANONYMITY_ORDER.filter((to) => canChangeAnonymity(from, to, hasParticipants));
}

/** Personal data kept this many days after closing at most (ten years); null keeps it. */
export const MAX_RETENTION_DAYS = 3650;

/** "keep" (or nothing) keeps personal data; a whole number of days 0–3650 erases it that long after closing. */
export const retentionSchema = z.union([
  z.literal("keep").transform(() => null),
  z.literal("").transform(() => null),
  z.null(),
  z.number().int().min(0).max(MAX_RETENTION_DAYS),
  z
    .string()
    .trim()
    .regex(/^\d{1,5}$/, { message: "retention" })
    .transform(Number)
    .pipe(z.number().int().min(0).max(MAX_RETENTION_DAYS)),
]);

/** Everything the settings dialog sends: the details, who is invited, languages, anonymity, retention. */
export const workshopSettingsInputSchema = z
  .object({ ...workshopDetailsFields, retentionDays: retentionSchema })
  .refine(...datesInOrder)
  .refine(defaultIsOffered, defaultNotOffered);
export type WorkshopSettingsInput = z.input<typeof workshopSettingsInputSchema>;

/** What is already taken in a workshop: whether anyone joined, and with which helices and roles. */
export type InUse = { hasParticipants: boolean; helices: ReadonlySet<Helix>; roles: ReadonlySet<Role> };

/**
 * Why new settings cannot replace the current ones, or null: anonymity only towards more
 * anonymous once anyone joined; no helix or role someone already joined with may be removed.
 */
export function settingsRefusal(
  current: { anonymity: Anonymity },
  next: { anonymity: Anonymity; helices: readonly Helix[]; roles: readonly Role[] },
  inUse: InUse,
) {
  if (!canChangeAnonymity(current.anonymity, next.anonymity, inUse.hasParticipants))
    return refuse("conflict", "lifeAnonymityOnlyMore", "People have joined: the workshop can only become more anonymous.");
  const helix = [...inUse.helices].find((h) => !next.helices.includes(h));
  if (helix)
    return refuse(
      "conflict",
      { key: "lifeHelixInUse", values: { helix } },
      `Someone has joined as ${helix}: that helix stays invited.`,
    );
  const role = [...inUse.roles].find((r) => !next.roles.includes(r));
  if (role)
    return refuse("conflict", { key: "lifeRoleInUse", values: { role } }, `Someone has joined as ${role}: that role stays.`);
  return null;
}

/** An archived workshop is read-only: every write is refused with this (it can still be exported). */
export const archivedRefusal = () =>
  refuse("conflict", "workshopArchived", "This workshop is archived: un-archive it to change anything.");

/** Duplicating: the copy's title (the form offers "… (copy)", the facilitator may change it). */
export const duplicateWorkshopSchema = z.object({ title: lineOfText({ min: 1, max: 160 }) });

/** Deleting needs the workshop's title typed exactly (spaces around it aside). */
export const deleteWorkshopSchema = z.object({ confirmTitle: z.string().max(400) });
export const deleteConfirmed = (title: string, typed: string) => typed.trim() === title.trim();

/** A template's name. */
export const saveTemplateSchema = z.object({ name: lineOfText({ min: 1, max: 80 }) });
export const templateRefSchema = z.object({ templateId: z.string().min(1).max(64) });

/** What the list of workshops filters by: the statuses, and "archived" (which hides the others' archived ones). */
export const LIST_FILTERS = ["active", "draft", "live", "closed", "archived", "all"] as const;
export type ListFilter = (typeof LIST_FILTERS)[number];

type Listed = {
  title: string;
  hostOrganisation: string;
  venue: string | null;
  status: WorkshopStatus;
  archived: boolean;
};

/** Case- and accent-insensitive words, so "pecs" finds "Pécs". */
const fold = (s: string) => s.normalize("NFD").replace(/\p{M}/gu, "").toLocaleLowerCase("en");

/**
 * The workshops "My workshops" shows: those matching every word of the search (in title, host or
 * venue) and the filter. Archived workshops show only under "archived" or "all".
 */
export function filterWorkshops<W extends Listed>(list: readonly W[], search: string, filter: ListFilter): W[] {
  const words = fold(search).split(/\s+/).filter(Boolean);
  return list.filter((w) => {
    if (filter === "archived" ? !w.archived : filter !== "all" && w.archived) return false;
    if (filter !== "archived" && filter !== "all" && filter !== "active" && w.status !== filter) return false;
    const haystack = fold([w.title, w.hostOrganisation, w.venue ?? ""].join(" "));
    return words.every((word) => haystack.includes(word));
  });
}

/**
 * What a workshop is when it begins, made new or duplicated: a draft with no step, pin, results on
 * show or events, its vote numbers from zero, never closed, erased or archived.
 */
export const FRESH_WORKSHOP_STATE = {
  status: "draft",
  currentStepId: null,
  pinnedContributionId: null,
  lastSeq: 0,
  voteSeq: 0,
  shownResultsStepId: null,
  closedAt: null,
  personalDataErasedAt: null,
  archivedAt: null,
} as const;
