import { HELICES, ROLES } from "../domain/helix";
import type { RankedEntry, ReportModel } from "../domain/report";
import {
  ABSENT_HELICES_LABEL,
  dominantRoomSentence,
  HELIX_NAME,
  helixList,
  KIND_NAME,
  LABEL_NAME,
  NO_POINTS_IN_VOTE,
  NO_VOTES,
  ownerLabel,
  PRIORITY_NAME,
  ROLE_NAME,
  rankedByLines,
  SECTION_TITLE,
  score,
  summarySentence,
  turnoutLine,
  VOTES_INTRO,
  voteBalanceLines,
  voteFactsLine,
  voteTitle,
} from "./labels";

/**
 * Text a participant typed, made inert in Markdown: the characters Markdown (or HTML inside it)
 * reads as syntax anywhere are escaped, and those that only count at the start of a line (`#`,
 * `-`, `+`, `>`, `1.`, `1)`) are escaped there; so `**bold**` and `<script>` show as typed. Every
 * line break (CR, LF or both) becomes a space, so typed text cannot start a heading or a list.
 * (GFM viewers still turn a typed web address into a link, as they do in any text; `javascript:`
 * never becomes one.)
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r\n?|\n/g, " ")
    .replace(/[\\`*_{}[\]|~!]/g, (ch) => `\\${ch}`)
    .replace(/</g, "&lt;")
    .replace(/^([#+\->])/, "\\$1")
    .replace(/^(\d+)([.)])/, "$1\\$2");
}

const table = (header: string[], rows: string[][]) =>
  [`| ${header.join(" | ")} |`, `| ${header.map(() => "---").join(" | ")} |`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join(
    "\n",
  );

function rankedTable(items: RankedEntry[]) {
  return table(
    ["#", "Item", "Balanced", "Raw", ...HELICES.map((h) => `${HELIX_NAME[h]} (per person)`), "Label"],
    items.map((i) => [
      String(i.rank),
      escapeMarkdown(i.title),
      score(i.metrics.balanced),
      String(i.metrics.raw),
      ...HELICES.map((h) => (i.metrics.support[h] === null ? "absent" : score(i.metrics.support[h] as number))),
      LABEL_NAME[i.metrics.label],
    ]),
  );
}

/** The report in GitHub-flavoured Markdown, in the report's order. */
export function renderMarkdown(model: ReportModel): string {
  const out: string[] = [];
  const { title, summary, participation } = model;
  out.push(`# ${escapeMarkdown(title.workshop)}`, "");
  if (model.interim)
    out.push(`> **Interim report** — generated at ${model.generatedAt} while the workshop is still running.`, "");
  out.push(
    `- **Host:** ${escapeMarkdown(title.host)}`,
    ...(title.venue ? [`- **Venue:** ${escapeMarkdown(title.venue)}`] : []),
    ...(title.dates.from
      ? [`- **Dates:** ${title.dates.from}${title.dates.to && title.dates.to !== title.dates.from ? ` – ${title.dates.to}` : ""}`]
      : []),
    `- **Facilitators:** ${title.facilitators.map(escapeMarkdown).join(", ") || "—"}`,
    `- **Generated:** ${model.generatedAt}`,
    "",
  );

  out.push(`## ${SECTION_TITLE.summary}`, "");
  out.push(
    summarySentence(model),
    "",
    `- **By helix:** ${HELICES.map((h) => `${HELIX_NAME[h]} ${participation.byHelix[h]}`).join(", ")}`,
    `- **By role:** ${ROLES.map((r) => `${ROLE_NAME[r]} ${participation.byRole[r]}`).join(", ")}`,
    "",
  );
  if (summary.topChallenges.length)
    out.push("**Top challenges:**", "", ...summary.topChallenges.map((t, i) => `${i + 1}. ${escapeMarkdown(t)}`), "");
  if (summary.topSolutions.length)
    out.push("**Top solutions:**", "", ...summary.topSolutions.map((t, i) => `${i + 1}. ${escapeMarkdown(t)}`), "");

  out.push(`## ${SECTION_TITLE.participation}`, "");
  out.push(
    table(
      ["Helix", "Participants"],
      HELICES.map((h) => [HELIX_NAME[h], String(participation.byHelix[h])]),
    ),
    "",
  );
  out.push(
    table(
      ["Role", "Participants"],
      ROLES.map((r) => [ROLE_NAME[r], String(participation.byRole[r])]),
    ),
    "",
  );
  if (participation.absentHelices.length) out.push(`**${ABSENT_HELICES_LABEL}:** ${helixList(participation.absentHelices)}.`, "");
  if (participation.dominantHelix) out.push(`**Note:** ${dominantRoomSentence(participation.dominantHelix)}`, "");

  out.push(`## ${SECTION_TITLE.challenges}`, "");
  if (!model.challenges.voted) out.push("_No vote on challenges yet._", "");
  else out.push(...rankedByLines(model, "challenges").flatMap((line) => [escapeMarkdown(line), ""]));
  out.push(rankedTable(model.challenges.items), "");

  out.push(`## ${SECTION_TITLE.solutions}`, "");
  if (!model.solutions.voted) out.push("_No vote on solutions yet._", "");
  else out.push(...rankedByLines(model, "solutions").flatMap((line) => [escapeMarkdown(line), ""]));
  for (const group of model.solutions.byChallenge) {
    out.push(`### ${escapeMarkdown(group.challenge)}`, "");
    out.push(group.items.length ? rankedTable(group.items) : "_No solutions._", "");
  }

  out.push(`## ${SECTION_TITLE.votes}`, "");
  out.push(model.votes.length ? VOTES_INTRO : `_${NO_VOTES}_`, "");
  for (const vote of model.votes) {
    out.push(`### ${escapeMarkdown(voteTitle(vote))}`, "");
    out.push(voteFactsLine(vote), "", turnoutLine(vote.turnout, vote.electorate), "");
    for (const line of voteBalanceLines(vote.balance)) out.push(`> ${escapeMarkdown(line)}`, "");
    out.push(
      vote.items.length
        ? table(
            ["#", "Item", "Balanced", "Raw", "Label"],
            vote.items.map((i) => [
              String(i.rank),
              escapeMarkdown(i.title),
              score(i.metrics.balanced),
              String(i.metrics.raw),
              LABEL_NAME[i.metrics.label],
            ]),
          )
        : `_${NO_POINTS_IN_VOTE}_`,
      "",
    );
  }

  out.push(`## ${SECTION_TITLE.agreement}`, "");
  out.push("### Consensus", "");
  out.push(
    ...(model.agreement.consensus.length
      ? model.agreement.consensus.map(
          (i) => `- ${escapeMarkdown(i.title)} (${i.kind}) — supported by ${helixList(i.supportedBy)}`,
        )
      : ["_None._"]),
    "",
  );
  out.push("### Divergence", "");
  out.push(
    ...(model.agreement.divergent.length
      ? model.agreement.divergent.map(
          (i) =>
            `- ${escapeMarkdown(i.title)} (${i.kind}) — supported by ${helixList(i.supportedBy)}; not by ${helixList(i.notSupportedBy)}`,
        )
      : ["_None._"]),
    "",
  );

  out.push(`## ${SECTION_TITLE.recommendations}`, "");
  if (model.recommendations.length === 0) out.push("_No recommendations yet._", "");
  else {
    out.push(
      table(
        [
          "#",
          "Recommendation",
          "Who acts",
          "Deadline",
          "Priority",
          ...HELICES.map((h) => `${HELIX_NAME[h]} endorsements`),
          "Total",
        ],
        model.recommendations.map((r, i) => [
          String(i + 1),
          escapeMarkdown(r.title),
          escapeMarkdown(ownerLabel(r.owner)),
          r.deadline ?? "—",
          PRIORITY_NAME[r.priority],
          ...HELICES.map((h) => String(r.endorsements.byHelix[h])),
          String(r.endorsements.total),
        ]),
      ),
      "",
    );
    model.recommendations.forEach((r, i) => {
      if (!r.body && r.linked.length === 0) return;
      out.push(`**${i + 1}. ${escapeMarkdown(r.title)}**`, "");
      if (r.body) out.push(escapeMarkdown(r.body), "");
      if (r.linked.length)
        out.push(`Drafted from: ${r.linked.map((l) => `${KIND_NAME[l.kind]} “${escapeMarkdown(l.title)}”`).join("; ")}`, "");
    });
  }

  out.push(`## ${SECTION_TITLE.annex}`, "", "### All contributions", "");
  for (const c of model.annex.contributions) {
    const who = c.origin === "host" ? "host" : c.helix ? HELIX_NAME[c.helix] : "—";
    out.push(
      `- **${c.kind === "challenge" ? "Challenge" : "Solution"}** (${who}): ${escapeMarkdown(c.title)}${c.body ? ` — ${escapeMarkdown(c.body)}` : ""}`,
    );
    for (const m of c.merged)
      out.push(`  - merged here: ${escapeMarkdown(m.title)}${m.body ? ` — ${escapeMarkdown(m.body)}` : ""}`);
  }
  out.push("", "### Method", "", ...model.annex.method.map((m) => `- ${m}`), "");
  return out.join("\n");
}
