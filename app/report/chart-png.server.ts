import { Resvg, type ResvgRenderOptions } from "@resvg/resvg-js";
import { type BarChart, CHART_LAYOUT, chartSvg } from "./charts";
import { reportFonts } from "./fonts.server";

/**
 * The report's bar charts as PNG images, for the formats that embed pictures (DOCX): the same SVG
 * the HTML report shows, rasterised by resvg with the DejaVu fonts shipped in node_modules (never
 * the system's fonts, so the picture is the same on every machine), at twice its size so it stays
 * crisp when printed.
 */
/** How much larger than its SVG the PNG is drawn. */
export const CHART_PNG_SCALE = 2;

const OPTIONS: ResvgRenderOptions = {
  font: {
    fontFiles: Object.values(reportFonts()),
    loadSystemFonts: false,
    defaultFontFamily: "DejaVu Sans",
    sansSerifFamily: "DejaVu Sans",
  },
  fitTo: { mode: "width", value: CHART_LAYOUT.width * CHART_PNG_SCALE },
  background: "#ffffff",
  logLevel: "off",
};

/** The chart as a PNG, `CHART_PNG_SCALE` times the SVG's size (CHART_LAYOUT.width wide before scaling). */
export function chartPng(chart: BarChart): Buffer {
  return new Resvg(chartSvg(chart), OPTIONS).render().asPng();
}
