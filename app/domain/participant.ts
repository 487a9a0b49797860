/**
 * A participant may change who they speak for (helix, role, name) until their first contribution
 * or vote: after that, the helix recorded with what they gave would no longer match them.
 */
export function canChangeProfile(contributionsAndVotes: number): boolean {
  return contributionsAndVotes === 0;
}
