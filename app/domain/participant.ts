/**
 * A participant may change who they speak for (helix, role, name) until their first contribution:
 * after that, the contribution's helix tag would no longer match its author.
 */
export function canChangeProfile(contributionCount: number): boolean {
  return contributionCount === 0;
}
