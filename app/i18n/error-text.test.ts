import { describe, expect, it } from "vitest";
import { fail, refuse } from "../domain/result";
import { codeText, errorText, formErrorText, statusText } from "./error-text";
import { bundledI18n as createI18n } from "./resources";

const en = createI18n("en").t;
const hu = createI18n("hu").t;

describe("a refusal in the screen's language", () => {
  it("says its reason, in the user's language, never the service's English message", () => {
    const { error } = refuse("conflict", "voteNotOpen", "Voting is not open: the room is not in a vote step.");
    expect(errorText(en, error)).toBe("Voting is not open: the room is not in a vote step.");
    expect(errorText(hu, error)).toBe("A szavazás nincs nyitva: a terem most nem szavazási lépésben van.");
  });

  it("else its first field error, with the limits it names", () => {
    const { error } = fail("validation", "That is more than your 5 points.", {
      points: { key: "overBudget", values: { budget: 5, cap: 3, count: 5 } },
    });
    expect(errorText(en, error)).toBe("That is more than your 5 points.");
    expect(errorText(en, { ...error, fields: { points: { key: "overCap", values: { cap: 1, count: 1 } } } })).toBe(
      "At most 1 point on one item.",
    );
    expect(errorText(hu, error)).toBe("Ez több, mint az Ön 5 pontja.");
  });

  it("else the meaning of its code: a message alone is never shown", () => {
    const { error } = fail("conflict", "Some English nobody translated.");
    expect(errorText(en, error)).toBe("This conflicts with something that already exists.");
    expect(errorText(hu, error)).toBe("Ez ütközik valamivel, ami már létezik.");
    expect(errorText(hu, fail("rate_limited", "Too many messages; slow down a little.").error)).toBe(
      "Túl sok kérés; várjon egy kicsit, és próbálja újra.",
    );
  });

  it("falls back to the code's meaning for a reason no language knows yet", () => {
    expect(errorText(en, refuse("forbidden", "somethingNew", "x").error)).toBe("You are not allowed to do this.");
  });

  it("above a form that marks its fields: a field's own error is not repeated, one it has no place for is said", () => {
    const { error } = fail("validation", "Invalid input.", { title: { key: "required" }, deadline: { key: "required" } });
    expect(errorText(en, error)).toBe("Required.");
    expect(formErrorText(en, error, ["title", "deadline"])).toBe("Some fields need attention.");
    expect(formErrorText(hu, error, ["title", "deadline"])).toBe(codeText(hu, "validation"));
    // The owner's name is not on the form (a helix was chosen): its error is the banner's to say.
    const owner = fail("validation", "Invalid input.", { "owner.name": { key: "required" } }).error;
    expect(formErrorText(en, owner, ["title", "deadline"])).toBe("Required.");
    // A field error under another code (an email already taken) is still the field's to say.
    const taken = fail("conflict", "Taken.", { email: { key: "emailTaken" } }).error;
    expect(formErrorText(en, taken, ["email"])).toBe("Some fields need attention.");
    // A reason, or no field at all, is said as errorText says it.
    const closed = refuse("conflict", "voteNotOpen", "x").error;
    expect(formErrorText(en, closed, ["title"])).toBe(errorText(en, closed));
    expect(formErrorText(en, fail("rate_limited", "x").error, ["title"])).toBe(errorText(en, fail("rate_limited", "x").error));
  });

  it("names an error page by its status, not by the body of the response", () => {
    expect(statusText(en, 403)).toBe("You are not allowed to do this.");
    expect(statusText(hu, 410)).toBe("Ez a műhely véget ért.");
    expect(statusText(en, 502)).toBe("Something went wrong on our side; nothing was changed.");
  });

  it("has a translation for every reason in every language with a room file (checked against English)", () => {
    const reasons = Object.keys(createI18n("en").getResourceBundle("en", "room").errors.reason);
    for (const key of reasons) expect(hu(`errors.reason.${key}` as never), key).not.toBe(en(`errors.reason.${key}` as never));
  });
});
