export const MIN_PASSPHRASE_CHARS = 12;

export type Strength = { score: 0 | 1 | 2 | 3; label: string; hint: string };

/** A rough guide, not a guarantee: length counts most, mixing kinds of character a little.
 * The backend stretches whatever is typed with Argon2id. */
export function passphraseStrength(value: string): Strength {
  const length = [...value].length;
  if (length < MIN_PASSPHRASE_CHARS) {
    return {
      score: 0,
      label: "Too short",
      hint: `Use at least ${MIN_PASSPHRASE_CHARS} characters; four or five random words work well.`,
    };
  }
  const kinds = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(value)).length;
  const distinct = new Set(value).size;
  if (distinct < 6) {
    return { score: 1, label: "Weak", hint: "It repeats the same few characters; mix in more." };
  }
  if (length >= 20 || (length >= 16 && kinds >= 3)) {
    return { score: 3, label: "Strong", hint: "Good. Store it in your password manager." };
  }
  return {
    score: 2,
    label: "Fair",
    hint: "Longer is stronger: add another word or two.",
  };
}

/** The message for a new passphrase and its confirmation, or null when they are fine. */
export function checkNewPassphrase(
  next: string,
  confirm: string,
): { next?: string; confirm?: string } | null {
  if ([...next].length < MIN_PASSPHRASE_CHARS) {
    return { next: `Use at least ${MIN_PASSPHRASE_CHARS} characters.` };
  }
  if (next !== confirm) return { confirm: "The two passphrases differ; type the same one twice." };
  return null;
}
