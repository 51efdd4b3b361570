/** Instants on screen: always with the zone they are shown in, so "09:40" is never guessed at.
 * `zone` is an IANA name (a client's own zone once it has one); without it, this machine's. */

const pad = (n: number) => String(n).padStart(2, "0");

type Parts = { y: number; m: number; d: number; hh: number; mm: number; zone: string };

const formats = new Map<string, Intl.DateTimeFormat>();
function formatFor(zone: string | undefined): Intl.DateTimeFormat {
  const key = zone ?? "";
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat("en-GB", {
      timeZone: zone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
      timeZoneName: "short",
    });
    formats.set(key, f);
  }
  return f;
}

function partsOf(d: Date, zone: string | undefined): Parts {
  const p = Object.fromEntries(
    formatFor(zone)
      .formatToParts(d)
      .map((x) => [x.type, x.value]),
  );
  return {
    y: Number(p.year),
    m: Number(p.month),
    d: Number(p.day),
    hh: Number(p.hour),
    mm: Number(p.minute),
    zone: p.timeZoneName ?? zone ?? "",
  };
}

/** An instant to the minute, with its zone: "2026-12-03 09:40 UTC". */
export function when(iso: string | null | undefined, zone?: string): string {
  if (!iso) return "—";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = partsOf(d, zone);
  return `${p.y}-${pad(p.m)}-${pad(p.d)} ${pad(p.hh)}:${pad(p.mm)} ${p.zone}`;
}

/** Shorter `when` for narrow places: the time alone when it is today, else month-day and
 * time; the zone always. */
export function whenShort(iso: string | null | undefined, nowMs = Date.now(), zone?: string) {
  if (!iso) return "—";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = partsOf(d, zone);
  const today = partsOf(new Date(nowMs), zone);
  const time = `${pad(p.hh)}:${pad(p.mm)} ${p.zone}`;
  const same = p.y === today.y && p.m === today.m && p.d === today.d;
  return same ? `today ${time}` : `${pad(p.m)}-${pad(p.d)} ${time}`;
}

/** The zone that typed-in times (datetime-local inputs) are read in: this machine's. */
export function inputZone(): string {
  return partsOf(new Date(), undefined).zone;
}
