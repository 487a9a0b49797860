import type { PARTICIPANT_GROUPS, Resources } from "./en";

type ParticipantResources = Pick<Resources, (typeof PARTICIPANT_GROUPS)[number]>;

/**
 * Hungarian: everything a participant's phone and the projector show. Facilitator screens fall
 * back to English. The type makes a missing participant string a compile error.
 */
const hu: ParticipantResources & Partial<Resources> = {
  app: {
    name: "Helix Review",
    tagline: "Élő, négyes spirál alapú szakértői értékelő műhelyek",
  },
  nav: {
    myWorkshops: "Műhelyeim",
    logIn: "Belépés",
    signUp: "Regisztráció",
    logOut: "Kilépés",
    join: "Csatlakozás egy műhelyhez",
    skipToContent: "Ugrás a tartalomra",
  },
  status: { draft: "Előkészítés alatt", live: "Élő", closed: "Lezárva" },
  display: {
    title: "Kivetítő",
    joinAt: "Csatlakozás:",
    withCode: "kóddal",
    scan: "vagy olvassa be",
    inTheRoom: "A teremben",
    waiting: "Várjuk az első résztvevőket…",
    revoked: "Ezt a kivetítő linket lecserélték. Kérje el az újat a moderátortól.",
  },
  join: {
    title: "Csatlakozás egy műhelyhez",
    codeLabel: "Műhelykód",
    codeHint: "A teremben kivetített hat karakter.",
    submit: "Tovább",
    unknownCode: "Ezzel a kóddal nincs műhely. Ellenőrizze a kivetített kódot, és próbálja újra.",
    closed: "Ez a műhely véget ért, már nem lehet csatlakozni.",
    invalidCode: "A kód hat betűből és számjegyből áll, például K7XMQP.",
  },
  phone: {
    welcomeTitle: "Üdvözöljük: {{title}}",
    hostedBy: "Házigazda: {{host}}",
    intro: "Mondja el, kit képvisel. A válaszok alapján látszik, miben ért egyet és miben tér el a négy spirál.",
    displayName: "Az Ön neve (nem kötelező)",
    displayNameHint: "Hagyja üresen, ha névtelen szeretne maradni.",
    displayNameAnonymousHint: "Csak a moderátorok látják; a terem a spirált és a szerepet látja.",
    helixLabel: "Melyik spirált képviseli?",
    roleLabel: "Az Ön mai szerepe",
    organisation: "Szervezet (nem kötelező)",
    country: "Ország (nem kötelező)",
    submit: "Csatlakozom",
    update: "Módosítások mentése",
    youreIn: "Bent van!",
    speakingFor: "Ön a(z) {{helix}} spirált képviseli, szerepe: {{role}}.",
    theme: "A nap témája",
    waitForFacilitator: "A moderátor hamarosan elindítja az első lépést. Tartsa nyitva ezt az oldalt.",
    changeProfile: "Adataim módosítása",
    locked: "Az adatai már nem módosíthatók, mert hozzászólt.",
    saved: "Mentve.",
    roomCount_one: "{{count}} fő a teremben",
    roomCount_other: "{{count}} fő a teremben",
    closedNotice: "Ez a műhely véget ért. Köszönjük a részvételt!",
  },
  helix: {
    government: { name: "Kormányzat", description: "Minisztériumok, ügynökségek, régiók, önkormányzatok és más közintézmények." },
    academia: { name: "Tudomány", description: "Egyetemek, kutatóintézetek és más tudásintézmények." },
    business: { name: "Üzleti szféra", description: "Vállalatok, klaszterek, startupok és üzleti szövetségek." },
    community: { name: "Civil társadalom", description: "Állampolgárok, civil szervezetek, beteg- és felhasználói csoportok." },
  },
  role: {
    local_stakeholder: { name: "Helyi érintett", description: "A házigazda régiójában vagy országában dolgozik." },
    international_peer: { name: "Nemzetközi szakértő", description: "Külföldről hívták meg értékelni és tanácsot adni." },
    observer: { name: "Megfigyelő", description: "Követi a munkát, de nem szavaz." },
  },
  lobby: {
    absentHelix: "Még senki sem képviseli: {{helices}}.",
    allHelicesPresent: "Mind a négy spirál jelen van a teremben.",
  },
  connection: {
    online: "Élő",
    connecting: "Kapcsolódás…",
    offline: "Nincs kapcsolat — újrakapcsolódás",
  },
  language: {
    label: "Nyelv",
  },
  validation: {
    required: "Kötelező.",
    tooShort: "Legalább {{min}} karakter.",
    tooLong: "Legfeljebb {{max}} karakter.",
    invalidEmail: "Adjon meg egy e-mail-címet, például nev@example.org.",
    invalidChoice: "Válasszon a lehetőségek közül.",
    invalid: "Ez az érték nem érvényes.",
    emailTaken: "Ezzel az e-mail-címmel már van fiók. Belép inkább?",
    endBeforeStart: "Az utolsó nap nem lehet az első előtt.",
    joinCode: "A kód hat betűből és számjegyből áll, például K7XMQP.",
    date: "Dátum, például 2024-11-14.",
  },
  errors: {
    validation: "Néhány mezőt javítani kell.",
    not_found: "Nem található.",
    forbidden: "Ehhez nincs jogosultsága.",
    unauthenticated: "Kérjük, lépjen be újra.",
    conflict: "Ez ütközik valamivel, ami már létezik.",
    workshop_closed: "Ez a műhely véget ért.",
    profile_locked: "Az adatai már nem módosíthatók, mert hozzászólt.",
    rate_limited: "Túl sok kérés; várjon egy kicsit, és próbálja újra.",
    unknown_event: "Az alkalmazás olyat küldött, amit a szerver nem ért; töltse újra az oldalt.",
    internal: "Hiba történt nálunk; semmi sem változott.",
    pageNotFound: "Ez az oldal nem létezik.",
    pageError: "Hiba történt.",
    backHome: "Vissza a kezdőlapra",
  },
};

export default hu;
