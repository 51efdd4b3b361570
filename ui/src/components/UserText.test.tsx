import { render } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { UserText, visible } from "./UserText";

describe("user text", () => {
  it("is isolated and shows control characters instead of obeying them", () => {
    const { container } = render(
      <p>
        <UserText>{"Invoice\u202Efdp.exe"}</UserText> · +49 40 1234
      </p>,
    );
    const bdi = container.querySelector("bdi");
    expect(bdi).toHaveTextContent("Invoice⟨U+202E⟩fdp.exe");
    // No override is left in what is drawn, so the phone number after it keeps its order.
    expect(container.textContent).not.toMatch(/\u202E/);
    expect(container.textContent).toContain("+49 40 1234");
  });

  it("writes out controls in plain strings too", () => {
    expect(visible("a\u2066b\u0007c\nd")).toBe("a⟨U+2066⟩b⟨U+0007⟩c\nd");
  });
});
