import type { createServices } from "../../app/services/index.server";

/** The benchmarks' facilitator, signed up through the service: the actor that seeds a workshop. */
export async function benchFacilitator(services: ReturnType<typeof createServices>) {
  const signUp = await services.facilitators.signUp({
    name: "Bench",
    email: "bench@example.org",
    password: "benchmark password",
  });
  if (!signUp.ok) throw new Error(signUp.error.message);
  return { kind: "facilitator" as const, facilitatorId: signUp.data.id };
}
