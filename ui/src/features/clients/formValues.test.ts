import { describe, expect, it } from "vitest";
import { SAMPLE_CLIENTS } from "../../mocks/backend";
import { emptyFormValues, hasInput, toFormValues, toInput } from "./formValues";

describe("client form values", () => {
  it("sends empty numbers as null and a blank insurer as none", () => {
    const input = toInput({ ...emptyFormValues(), name: "Acme" });
    expect(input.contract_notice_hours).toBeNull();
    expect(input.insurer).toBeNull();
    expect(input.branding).toEqual({ accent_colour: null, logo: null });
  });

  it("keeps blank contact rows so error indexes match the rows on screen", () => {
    const blank = { name: "", role: "", email: "", phone: "" };
    const values = { ...emptyFormValues(), contacts: [blank, { ...blank, name: "Ana" }] };
    expect(toInput(values).contacts).toHaveLength(2);
  });

  it("round-trips a stored client", () => {
    const client = SAMPLE_CLIENTS[0]!;
    const input = toInput(toFormValues(client));
    expect(input).toMatchObject({
      name: client.name,
      contract_notice_hours: 4,
      insurer: { name: "Coalition", notice_hours: 72 },
      branding: { accent_colour: "#0e7c86" },
    });
  });

  it("knows which backend field paths have an input", () => {
    expect(hasInput("contacts.12.email")).toBe(true);
    expect(hasInput("insurer.name")).toBe(true);
    expect(hasInput("insurer")).toBe(false);
    expect(hasInput("branding.font")).toBe(false);
  });
});
