import { Typography } from "@mantine/core";
import ReactMarkdown from "react-markdown";

/** Facilitator-written markdown (the theme). Raw HTML is not rendered: react-markdown escapes it. */
export default function MarkdownView({ children }: { children: string }) {
  return (
    <Typography className="theme-markdown">
      <ReactMarkdown skipHtml>{children}</ReactMarkdown>
    </Typography>
  );
}
