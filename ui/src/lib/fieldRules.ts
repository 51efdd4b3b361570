/** Checks run at a field as soon as it is left, for what an input would otherwise drop or
 * change without a word (letters in a number, a minus sign, a colour that is not one). The
 * backend still decides; these only make sure what was typed is what is sent or refused. */

type Rule = (value: string | number | null | undefined) => string | null;

/** A whole number of at least `min`, or empty. */
export function wholeNumber(what: string, min = 0): Rule {
  return (value) => {
    const text = String(value ?? "").trim();
    if (text === "") return null;
    if (!/^-?\d+$/.test(text))
      return `${what}: “${text}” is not a whole number; type digits only, such as 4`;
    if (Number(text) < min) return `${what} cannot be less than ${min} (you typed ${text})`;
    return null;
  };
}

/** A #RRGGBB colour, or empty. */
export const hexColour: Rule = (value) => {
  const text = String(value ?? "").trim();
  if (text === "" || /^#[0-9a-fA-F]{6}$/.test(text)) return null;
  return `“${text}” is not a colour Cordon can print; use # and six hex digits, such as #1f6feb`;
};
