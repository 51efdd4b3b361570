import { mockIPC } from "@tauri-apps/api/mocks";
import { describe, expect, it } from "vitest";
import { commands, unwrap } from "./api";
import { CommandError, fieldErrorMap } from "./errors";

describe("unwrap", () => {
  it("returns the data of a successful command and passes its arguments in camelCase", async () => {
    let seen: unknown;
    mockIPC((cmd, args) => {
      seen = { cmd, args };
      return [];
    });
    await expect(unwrap(commands.listClients("dent", true))).resolves.toEqual([]);
    expect(seen).toEqual({ cmd: "list_clients", args: { query: "dent", includeArchived: true } });
  });

  it("turns an AppError into a CommandError with its code, message and fields", async () => {
    mockIPC(() => {
      // eslint-disable-next-line @typescript-eslint/only-throw-error
      throw {
        code: "invalid_input",
        message: "some fields need attention",
        fields: [{ field: "name", message: "a client needs a name" }],
      };
    });
    const error = await unwrap(commands.getClient("x")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandError);
    expect(error).toMatchObject({
      code: "invalid_input",
      message: "some fields need attention",
      fields: [{ field: "name", message: "a client needs a name" }],
    });
  });

  it("treats Tauri's bare-string rejections as internal errors", async () => {
    mockIPC(() => {
      // eslint-disable-next-line @typescript-eslint/only-throw-error
      throw "command get_client not allowed by ACL";
    });
    await expect(unwrap(commands.getClient("x"))).rejects.toMatchObject({
      code: "internal",
      message: "command get_client not allowed by ACL",
    });
  });
});

describe("fieldErrorMap", () => {
  it("joins two messages for one field and starts each with a capital", () => {
    expect(
      fieldErrorMap([
        { field: "jurisdictions", message: "'US-ZZ' is not a US state code" },
        { field: "jurisdictions", message: "'XX' is not a jurisdiction" },
        { field: "contacts.0.email", message: "not an email address" },
      ]),
    ).toEqual({
      jurisdictions: "'US-ZZ' is not a US state code 'XX' is not a jurisdiction",
      "contacts.0.email": "Not an email address",
    });
  });
});
