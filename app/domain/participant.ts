/**
 * A participant may change who they speak for (helix, role, name) until their first contribution,
 * vote or endorsement: after that, the helix recorded with what they gave would no longer match them.
 */
export function canChangeProfile(contributionsVotesAndEndorsements: number): boolean {
  return contributionsVotesAndEndorsements === 0;
}
