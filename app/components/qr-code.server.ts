import QRCode from "qrcode";

/** The QR code of a link as an SVG data URI (rendered on the server, crisp at any projector size). */
export async function qrCodeDataUri(url: string): Promise<string> {
  const svg = await QRCode.toString(url, { type: "svg", errorCorrectionLevel: "M", margin: 1 });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`;
}
