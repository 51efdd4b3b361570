import type { ExerciseView, SearchHit } from "../bindings";

/** One character without its accents ("ü" → "u"), so the stand-in folds diacritics the way
 * the real index (FTS5 `remove_diacritics 2`) does and "muller" finds "Müller". */
const fold = (ch: string) => ch.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase()[0] ?? ch;

/** `text` with the first match of `query` in `[`…`]`, as the index's snippets mark it; null
 * when it does not match. */
export function markMatch(text: string, query: string): string | null {
  const q = [...query.trim()].map(fold).join("");
  if (!q) return null;
  const i = text.split("").map(fold).join("").indexOf(q);
  return i < 0
    ? null
    : `${text.slice(0, i)}[${text.slice(i, i + q.length)}]${text.slice(i + q.length)}`;
}

/** What the real index finds in exercises: the exercise by its name, scenario, client,
 * narrative, participants and findings, and each log line by its text. */
export function exerciseHits(views: ExerciseView[], query: string): SearchHit[] {
  const hits: SearchHit[] = [];
  for (const v of views) {
    const e = v.exercise;
    const hit = { client_id: e.client_id, client_name: v.client_name, incident_id: null };
    const words = [
      e.name,
      e.scenario.title,
      v.client_name,
      e.narrative,
      ...e.participants.map((p) => p.name),
      ...e.findings.flatMap((f) => [f.issue, f.corrective_action, f.owner]),
    ];
    const snippet = words.map((w) => markMatch(w, query)).find((s) => s !== null);
    if (snippet)
      hits.push({ ...hit, kind: "exercise", id: e.id, exercise_id: e.id, title: e.name, snippet });
    for (const line of v.log) {
      const s = markMatch(line.text, query);
      if (s)
        hits.push({
          ...hit,
          kind: "exercise_log_entry",
          id: line.id,
          exercise_id: e.id,
          title: e.name,
          snippet: s,
        });
    }
  }
  return hits;
}
