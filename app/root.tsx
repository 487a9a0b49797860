import {
  Anchor,
  Button,
  ColorSchemeScript,
  Container,
  type CSSVariablesResolver,
  createTheme,
  Group,
  MantineProvider,
  mantineHtmlProps,
  Stack,
  Text,
  Title,
} from "@mantine/core";
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useMatches,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { type ReactNode, useMemo } from "react";
import { I18nextProvider, useTranslation } from "react-i18next";
import { getFacilitator } from "./auth.server";
import { LanguageSwitch } from "./components/language-switch";
import { useNonce } from "./components/nonce";
import { chooseLanguage, DEFAULT_LANGUAGE, LANGUAGES, type Language } from "./domain/languages";
import { createI18n, type LanguageStrings } from "./i18n";
import { statusText } from "./i18n/error-text";
import { resources } from "./i18n/resources";
import appStyles from "./styles/app.css?url";
import { MANTINE_STYLESHEETS, type StylesheetSet } from "./styles/mantine";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: appStyles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "Helix Review" }];

/**
 * The page's language (chooseLanguage): the user's choice, the browser's, the workshop's default.
 * A workshop's phones (/j/:code) and projector (/display/:token) offer only the workshop's languages.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const cookie = request.headers.get("Cookie");
  const workshop = params.code
    ? await context.services.workshops.languagesOf({ joinCode: params.code })
    : params.token
      ? await context.services.workshops.languagesOf({ displayToken: params.token })
      : null;
  const language = chooseLanguage({
    chosen: await context.sessions.language(cookie),
    acceptLanguage: request.headers.get("Accept-Language"),
    workshop,
  });
  const facilitator = await getFacilitator(request, context);
  return {
    language,
    // The page's language only: the browser does not download the other languages' strings.
    strings: resources[language] as LanguageStrings,
    languages: workshop?.languages ?? LANGUAGES,
    facilitator: facilitator && { name: facilitator.name },
    // SIGNUP=closed: accounts come from the server's administrator; no screen offers to sign up.
    signupOpen: context.signup === "open",
  };
}

const theme = createTheme({
  primaryColor: "indigo",
  // Shade 7: white button text on indigo-6 is under WCAG AA contrast.
  primaryShade: 7,
  fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
  defaultRadius: "md",
});

/**
 * Contrast: Mantine's dimmed grey, its error red (a field's error and its placeholder: 3.28:1) and
 * the text of light/subtle variants use shade 6, below WCAG AA on white; phones in bright rooms and
 * projectors need more. Darker shades, set once here.
 */
const cssVariablesResolver: CSSVariablesResolver = (t) => ({
  variables: {},
  light: {
    "--mantine-color-dimmed": t.colors.gray[7],
    "--mantine-color-error": t.colors.red[9],
    ...Object.fromEntries(
      (["indigo", "red", "green", "orange", "gray", "yellow", "blue", "violet"] as const).map((color) => [
        `--mantine-color-${color}-light-color`,
        t.colors[color][color === "indigo" || color === "gray" ? 8 : 9],
      ]),
    ),
  },
  dark: {},
});

/**
 * Route modules set `handle.chrome = false` for full-screen pages (the projector), and
 * `handle.styles = "phone"` for the phone's pages (Mantine's stylesheets they need, not all).
 */
type RouteHandle = { chrome?: boolean; styles?: StylesheetSet };

function Document({
  language,
  strings,
  children,
}: {
  language: Language;
  strings: LanguageStrings | undefined;
  children: ReactNode;
}) {
  const nonce = useNonce();
  const matches = useMatches();
  const styles = matches.some((m) => (m.handle as RouteHandle | undefined)?.styles === "phone") ? "phone" : "all";
  const i18n = useMemo(() => createI18n(language, strings), [language, strings]);
  return (
    <html lang={language} {...mantineHtmlProps}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        {/* Mantine's first, so the app's own stylesheet (in Links) comes after it. */}
        {MANTINE_STYLESHEETS[styles].map((href) => (
          <link key={href} rel="stylesheet" href={href} />
        ))}
        <Links />
        <ColorSchemeScript nonce={nonce} defaultColorScheme="light" />
      </head>
      <body>
        <I18nextProvider i18n={i18n}>
          <MantineProvider theme={theme} defaultColorScheme="light" cssVariablesResolver={cssVariablesResolver}>
            {children}
          </MantineProvider>
        </I18nextProvider>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

function Header() {
  const { t } = useTranslation();
  const data = useRouteLoaderData<typeof loader>("root");
  const matches = useMatches();
  const workshopId = matches.map((m) => (m.data as { workshopId?: string } | undefined)?.workshopId).find(Boolean);
  return (
    <header className="app-header">
      <Container size="xl" py="xs">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Anchor component={Link} to="/" fw={700} c="dark" underline="never">
            {t("app.name")}
          </Anchor>
          <Group gap="xs" wrap="wrap">
            {data?.facilitator ? (
              <>
                <Anchor component={Link} to="/workshops" size="sm">
                  {t("nav.myWorkshops")}
                </Anchor>
                <Anchor component={Link} to="/account" size="sm">
                  {t("account.navLink")}
                </Anchor>
                <Form method="post" action="/logout">
                  <Button type="submit" variant="subtle" size="compact-sm">
                    {t("nav.logOut")}
                  </Button>
                </Form>
                <Form method="post" action="/logout">
                  <input type="hidden" name="everywhere" value="1" />
                  <Button type="submit" variant="subtle" size="compact-sm" c="dimmed" title={t("nav.logOutEverywhereHint")}>
                    {t("nav.logOutEverywhere")}
                  </Button>
                </Form>
              </>
            ) : null}
            <LanguageSwitch workshopId={workshopId} languages={data?.languages ?? LANGUAGES} />
          </Group>
        </Group>
      </Container>
    </header>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  return (
    <Document language={data?.language ?? DEFAULT_LANGUAGE} strings={data?.strings as LanguageStrings | undefined}>
      {children}
    </Document>
  );
}

export default function App() {
  const matches = useMatches();
  const chrome = !matches.some((m) => (m.handle as RouteHandle | undefined)?.chrome === false);
  const { t } = useTranslation();
  if (!chrome) return <Outlet />;
  return (
    <>
      <a href="#main" className="skip-link">
        {t("nav.skipToContent")}
      </a>
      <Header />
      <main id="main">
        <Outlet />
      </main>
    </>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  if (!isRouteErrorResponse(error)) console.error(error);
  return (
    <main id="main">
      <Container size="sm" py="xl">
        <Stack>
          <Title order={1}>{notFound ? t("errors.pageNotFound") : t("errors.pageError")}</Title>
          {/* A thrown Response's body is the service's English message (for logs): the page says what its status means. */}
          {isRouteErrorResponse(error) && !notFound ? <Text>{statusText(t, error.status)}</Text> : null}
          <Anchor component={Link} to="/">
            {t("errors.backHome")}
          </Anchor>
        </Stack>
      </Container>
    </main>
  );
}
