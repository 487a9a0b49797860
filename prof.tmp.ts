import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { openDatabase } from "./app/db/client.server";
import { HELICES } from "./app/domain/helix";
import { createServices } from "./app/services/index.server";
const dir = mkdtempSync(join(tmpdir(), "prof-"));
const database = openDatabase(join(dir, "p.sqlite"));
const services = createServices({ db: database.db, publish: { events() {}, displaysRevoked() {}, votesChanged() {} } });
const s = await services.facilitators.signUp({ name: "B", email: "b@e.org", password: "benchmark password" });
if (!s.ok) throw 1;
const actor = { kind: "facilitator" as const, facilitatorId: s.data.id };
const w = services.workshops.create(actor, { title: "T", hostOrganisation: "H" }); if (!w.ok) throw 1;
const items: string[] = [];
for (let i = 0; i < 10; i++) { const r = services.contributions.submit(actor, w.data.id, { kind: "challenge", clientId: `c-${i}-xxxxx`, title: `C${i}` }); if (r.ok) items.push(r.data.id); }
const people = [];
for (let i = 0; i < 1000; i++) { const j = services.participants.join(w.data.joinCode, { helix: HELICES[i % 4], role: "local_stakeholder" }); if (j.ok) people.push(j.data.participant.id); }
const step = services.room.snapshot(w.data.id, "facilitator")!.steps.find((x) => x.kind === "vote_challenges")!;
services.agenda.goToStep(actor, w.data.id, { stepId: step.id });
const t0 = performance.now(); let n = 0;
for (let i = 0; i < 1000; i++) for (let j = 0; j < 5; j++) { const r = services.voting.vote({ kind: "participant", participantId: people[i], workshopId: w.data.id }, w.data.id, { clientId: `v-${i}-${j}-xxxx`, contributionId: items[(i + j) % 10], points: 1 }); if (r.ok) n++; }
console.log("ok", n, "ms/vote", ((performance.now() - t0) / 5000).toFixed(3));
const t2 = performance.now(); for (let i = 0; i < 50; i++) services.voting.tallies(w.data.id, step.id); console.log("tallies ms", ((performance.now() - t2) / 50).toFixed(2));
