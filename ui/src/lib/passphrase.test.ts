import { describe, expect, it } from "vitest";
import { checkNewPassphrase, passphraseStrength } from "./passphrase";

describe("passphrase rules", () => {
  it("rates by length first", () => {
    expect(passphraseStrength("short").score).toBe(0);
    expect(passphraseStrength("aaaaaaaaaaaaaaaa").label).toBe("Weak");
    expect(passphraseStrength("tulip orbit canoe").score).toBe(2);
    expect(passphraseStrength("tulip orbit canoe rivet").score).toBe(3);
  });

  it("needs 12 characters and the same text twice", () => {
    expect(checkNewPassphrase("eleven char", "eleven char")?.next).toMatch(/12 characters/);
    expect(checkNewPassphrase("twelve chars", "twelve charz")?.confirm).toMatch(/differ/);
    expect(checkNewPassphrase("twelve chars", "twelve chars")).toBeNull();
  });
});
