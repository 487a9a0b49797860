import { z } from "zod";
import { HELICES, ROLES } from "./helix";
import { isJoinCode, normalizeJoinCode } from "./join-code";
import { DEFAULT_LANGUAGE, LANGUAGES, type Language } from "./languages";
import { LIMITS } from "./limits";
import { lineOfText, text } from "./text";

/**
 * Every input that enters the system is parsed by one of these schemas, on the HTTP path and
 * the socket path alike. Limits are the product's limits, not the database's.
 */
export { LIMITS };

/** Form fields arrive as strings; an empty optional field means "not given". Text is normalised (text.ts). */
const optionalField = (max: number, multiline = false) =>
  (multiline ? text({ max }) : lineOfText({ max })).optional().transform((value) => (value ? value : undefined));

const requiredText = (max: number) => lineOfText({ min: 1, max });

export const helixSchema = z.enum(HELICES);
export const roleSchema = z.enum(ROLES);
export const languageSchema = z.enum(LANGUAGES);

export const signupSchema = z.object({
  name: requiredText(LIMITS.name),
  email: z.string().trim().toLowerCase().max(LIMITS.email).email(),
  password: z.string().min(LIMITS.passwordMin).max(LIMITS.passwordMax),
});
export type SignupInput = z.infer<typeof signupSchema>;

export const loginSchema = z.object({
  email: z.string().trim().toLowerCase().min(1).max(LIMITS.email),
  password: z.string().min(1).max(LIMITS.passwordMax),
});
export type LoginInput = z.infer<typeof loginSchema>;

/** A facilitator's new password, given with the one they have now. */
export const changePasswordSchema = z.object({
  currentPassword: z.string().min(1).max(LIMITS.passwordMax),
  newPassword: signupSchema.shape.password,
});

/** A password set from the command line (an operator resetting a facilitator's). */
export const resetPasswordSchema = z.object({ email: signupSchema.shape.email, password: signupSchema.shape.password });

export const anonymitySchema = z.enum(["anonymous", "named"]);
export type Anonymity = z.infer<typeof anonymitySchema>;

export const workshopSettingsSchema = z.object({
  /** Whether the room (display, phones) sees participants' names. Facilitators always do. */
  anonymity: anonymitySchema.default("anonymous"),
  roles: z
    .array(roleSchema)
    .min(1)
    .default([...ROLES]),
  helices: z
    .array(helixSchema)
    .min(1)
    .default([...HELICES]),
  /** The languages phones and the projector offer, and the one they start in (see chooseLanguage). */
  languages: z
    .array(languageSchema)
    .min(1)
    .default([...LANGUAGES]),
  defaultLanguage: languageSchema.default(DEFAULT_LANGUAGE),
  /** Whether the projector plays a short chime when a step's timer reaches zero (off unless chosen). */
  timerSound: z.boolean().default(false),
});
export type WorkshopSettings = z.infer<typeof workshopSettingsSchema>;

/** The default must be one of the languages offered. */
export const defaultIsOffered = (w: { languages: Language[]; defaultLanguage: Language }) =>
  w.languages.includes(w.defaultLanguage);
export const defaultNotOffered = { path: ["defaultLanguage"], params: { key: "defaultLanguageNotOffered" } };

/** What the facilitator sets on the workshop page: the languages offered and the default. */
export const workshopLanguagesSchema = z
  .object({
    languages: z.array(languageSchema).min(1),
    defaultLanguage: languageSchema,
  })
  .refine(defaultIsOffered, defaultNotOffered);
export type WorkshopLanguagesInput = z.input<typeof workshopLanguagesSchema>;

/**
 * A stored workshop's settings with today's defaults filled in: rows written before a setting
 * existed (settings are JSON, so no migration) read as if it had its default; a default language
 * no longer offered falls back to the first one offered.
 */
export function settingsWithDefaults(stored: Partial<WorkshopSettings> | null | undefined): WorkshopSettings {
  const settings = { ...workshopSettingsSchema.parse({}), ...stored };
  const languages = settings.languages.filter((l) => (LANGUAGES as readonly string[]).includes(l));
  settings.languages = languages.length ? languages : [...LANGUAGES];
  if (!settings.languages.includes(settings.defaultLanguage)) settings.defaultLanguage = settings.languages[0];
  return settings;
}

const isoDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: "date" })
  .optional()
  .or(z.literal("").transform(() => undefined));

/** The fields a workshop is described and set up by: the create form and the settings dialog. */
export const workshopDetailsFields = {
  title: requiredText(LIMITS.title),
  hostOrganisation: requiredText(LIMITS.organisation),
  theme: optionalField(LIMITS.theme, true),
  venue: optionalField(LIMITS.venue),
  startsOn: isoDate,
  endsOn: isoDate,
  // The settings a workshop is set up with, as the stored settings define them.
  ...workshopSettingsSchema.pick({ anonymity: true, roles: true, helices: true, languages: true, defaultLanguage: true }).shape,
};

/** The dates in order (with `.refine(...datesInOrder)`); the default language offered (`defaultIsOffered`). */
export const datesInOrder: [(w: { startsOn?: string; endsOn?: string }) => boolean, { path: string[]; params: { key: string } }] =
  [(w) => !w.startsOn || !w.endsOn || w.startsOn <= w.endsOn, { path: ["endsOn"], params: { key: "endBeforeStart" } }];

export const createWorkshopSchema = z
  .object({
    ...workshopDetailsFields,
    /** "peer-review" (the default agenda) or the id of one of the facilitator's agenda templates. */
    template: z.string().max(64).optional(),
  })
  .refine(...datesInOrder)
  .refine(defaultIsOffered, defaultNotOffered);
export type CreateWorkshopInput = z.input<typeof createWorkshopSchema>;

export const workshopStatusSchema = z.enum(["draft", "live", "closed"]);
export type WorkshopStatus = z.infer<typeof workshopStatusSchema>;

export const setWorkshopStatusSchema = z.object({ status: workshopStatusSchema });

export const joinCodeSchema = z
  .string()
  .max(20)
  .transform(normalizeJoinCode)
  .refine(isJoinCode, { params: { key: "joinCode" } });

export const participantProfileSchema = z.object({
  displayName: optionalField(LIMITS.name),
  helix: helixSchema,
  role: roleSchema,
  organisation: optionalField(LIMITS.organisation),
  country: optionalField(LIMITS.country),
  language: languageSchema.optional(),
});
export type ParticipantProfileInput = z.input<typeof participantProfileSchema>;

/** A reconnecting client tells the server the last event it applied. */
export const syncSchema = z.object({ lastSeq: z.number().int().min(0) });

/** The facilitator's switch for the projector's chime at the end of a timer (a form sends "on" or nothing). */
export const timerSoundSchema = z.object({
  timerSound: z.union([z.boolean(), z.enum(["on", "off"])]).transform((v) => v === true || v === "on"),
});
