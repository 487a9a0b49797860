import { type AnyDbHandle, openDatabase } from "../../app/db/client.server";
import { openPostgres } from "../../app/db/postgres.server";
import { HELICES } from "../../app/domain/helix";
import { silentPublish } from "../../app/services/deps.server";
import { createServices } from "../../app/services/index.server";
import { createSessions } from "../../app/sessions.server";

export type VoteWorkshop = Awaited<ReturnType<typeof seedVoteWorkshop>>;

/**
 * A workshop in its challenge-vote step, set up through the services on a database — a SQLite file,
 * or a PostgreSQL URL (postgres://…) — while no server runs on it (then closed): a facilitator, `items` challenges, `participants` phones joined
 * by code over the four helices in turn, each with the cookie a browser would hold (signed with
 * `secret`, the SESSION_SECRET the server will be started with), and the vote's budget and cap.
 */
export async function seedVoteWorkshop(
  database: string,
  options: { participants: number; items?: number; budget: number; cap: number; secret: string },
) {
  const handle = await openAny(database);
  try {
    const services = createServices({ db: handle.db, publish: silentPublish, secret: options.secret });
    const sessions = createSessions({ secret: options.secret, store: services.facilitators });
    const signedUp = unwrap(
      await services.facilitators.signUp({ name: "Eszter", email: "eszter@example.org", password: "a long password" }),
    );
    const actor = { kind: "facilitator" as const, facilitatorId: signedUp.id };
    const workshop = unwrap(await services.workshops.create(actor, { title: "Vote workshop", hostOrganisation: "Helix Review" }));
    const items: string[] = [];
    for (let i = 0; i < (options.items ?? 10); i++) {
      const submitted = await services.contributions.submit(actor, workshop.id, {
        kind: "challenge",
        clientId: `challenge-${i}`,
        title: `Challenge ${i + 1}`,
      });
      items.push(unwrap(submitted).id);
    }
    const participants: { id: string; token: string; cookie: string }[] = [];
    for (let i = 0; i < options.participants; i++) {
      const joined = unwrap(
        await services.participants.join(workshop.joinCode, { helix: HELICES[i % 4], role: "local_stakeholder" }),
      );
      const cookie = (await sessions.participantCookie(new Request("http://127.0.0.1/"), workshop.id, joined.token)).split(
        ";",
      )[0];
      participants.push({ id: joined.participant.id, token: joined.token, cookie });
    }
    const voteStep = (await services.room.snapshot(workshop.id, "facilitator"))?.steps.find((s) => s.kind === "vote_challenges");
    if (!voteStep) throw new Error("the workshop has no challenge-vote step");
    unwrap(
      await services.voting.setSettings(actor, workshop.id, {
        stepId: voteStep.id,
        settings: { budget: options.budget, cap: options.cap },
      }),
    );
    unwrap(await services.agenda.goToStep(actor, workshop.id, { stepId: voteStep.id }));
    // The facilitator's session, as their browser holds it after logging in.
    const facilitatorCookie = (await sessions.logIn(new Request("http://127.0.0.1/"), signedUp.id)).split(";")[0];
    return {
      facilitatorCookie,
      workshopId: workshop.id,
      joinCode: workshop.joinCode,
      displayToken: workshop.displayToken,
      voteStepId: voteStep.id,
      items,
      participants,
    };
  } finally {
    await handle.close();
  }
}

/** A SQLite file's path or a PostgreSQL URL, opened and migrated as the server opens it. */
async function openAny(database: string): Promise<AnyDbHandle> {
  if (!/^postgres(ql)?:\/\//.test(database)) return openDatabase(database);
  const postgres = await openPostgres(database);
  return { db: postgres.services, close: postgres.close };
}

function unwrap<T>(result: { ok: true; data: T } | { ok: false; error: { code: string; message: string } }): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.data;
}
