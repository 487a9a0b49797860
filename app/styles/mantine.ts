import mantineStyles from "@mantine/core/styles.css?url";
import chartStyles from "./charts.css?url";
import phoneStyles from "./phone.css?url";

/**
 * Mantine's stylesheets a page links. Most pages take all of Mantine (one file, cached once); the
 * phone's pages (a route with `handle.styles = "phone"`) take ./phone.css, the components a phone
 * uses only.
 */
export const MANTINE_STYLESHEETS = { all: [mantineStyles, chartStyles], phone: [phoneStyles] } as const;

export type StylesheetSet = keyof typeof MANTINE_STYLESHEETS;
