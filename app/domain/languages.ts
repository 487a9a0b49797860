/** Languages the interface speaks, each complete (app/i18n/locales/<language>/). */
export const LANGUAGES = ["en", "hu", "lt", "sl"] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = "en";

/** Each language in its own name: the language switch shows these, never translated. */
export const LANGUAGE_NAMES: Record<Language, string> = { en: "English", hu: "Magyar", lt: "Lietuvių", sl: "Slovenščina" };

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);
}

/** The languages of an Accept-Language header, best first (by q, then by order), as lower-case tags. */
function rankedTags(header: string): string[] {
  return header
    .split(",")
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(";");
      const q = params.find((p) => p.trim().startsWith("q="));
      return { tag: tag.trim().toLowerCase(), q: q ? Number(q.trim().slice(2)) || 0 : 1, index };
    })
    .filter(({ tag, q }) => tag && q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map(({ tag }) => tag);
}

/** The best of `offered` an Accept-Language header asks for, or null when it asks for none of them. */
export function acceptedLanguage(header: string | null | undefined, offered: readonly Language[] = LANGUAGES): Language | null {
  if (!header) return null;
  for (const tag of rankedTags(header)) {
    const base = tag.split("-")[0];
    if (isLanguage(base) && offered.includes(base)) return base;
  }
  return null;
}

/** Picks the best supported language from an Accept-Language header. */
export function languageFromAcceptHeader(header: string | null | undefined): Language {
  return acceptedLanguage(header) ?? DEFAULT_LANGUAGE;
}

/** The languages a workshop offers and the one its room starts in (its settings). */
export type WorkshopLanguages = { languages: readonly Language[]; defaultLanguage: Language };

/**
 * The language a screen speaks: the user's own choice (the language cookie), else what the
 * browser asks for (Accept-Language), else the workshop's default — on a workshop's phones and
 * projector, only among the languages the workshop offers. Without a workshop (facilitators'
 * pages, the join page) every language is offered and English is the default.
 */
export function chooseLanguage(input: {
  chosen: Language | null | undefined;
  acceptLanguage: string | null | undefined;
  workshop?: WorkshopLanguages | null;
}): Language {
  const offered = input.workshop?.languages.length ? input.workshop.languages : LANGUAGES;
  const fallback =
    input.workshop && offered.includes(input.workshop.defaultLanguage)
      ? input.workshop.defaultLanguage
      : (offered[0] ?? DEFAULT_LANGUAGE);
  if (input.chosen && offered.includes(input.chosen)) return input.chosen;
  return acceptedLanguage(input.acceptLanguage, offered) ?? (input.workshop ? fallback : DEFAULT_LANGUAGE);
}
