import { describe, expect, it } from "vitest";
import { incidentTypeLabel } from "./labels";
import { when, whenShort } from "./time";

describe("words and times on screen", () => {
  it("incident types read as words, acronyms as acronyms", () => {
    expect(incidentTypeLabel("ddos")).toBe("DDoS");
    expect(incidentTypeLabel("business_email_compromise")).toBe("Business email compromise");
    expect(incidentTypeLabel("ransomware")).toBe("Ransomware");
  });

  it("every time says its zone", () => {
    const at = "2026-03-10T14:05:00Z";
    expect(when(at, "UTC")).toBe("2026-03-10 14:05 UTC");
    // A client's zone moves the clock face and names the zone.
    expect(when(at, "Europe/Berlin")).toBe("2026-03-10 15:05 CET");
    expect(when(at, "America/New_York")).toMatch(/^2026-03-10 10:05 (GMT-4|EDT)$/);
    expect(whenShort(at, Date.parse(at), "UTC")).toBe("today 14:05 UTC");
    expect(whenShort(at, Date.parse("2026-03-12T00:00:00Z"), "UTC")).toBe("03-10 14:05 UTC");
  });
});
