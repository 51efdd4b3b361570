/** A calendar date as the reader's locale writes it ("3 Dec 2026"); what is not a date shows as given. */
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });
export function formatDate(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateFormat.format(d);
}
