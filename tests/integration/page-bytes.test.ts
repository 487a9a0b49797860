import { describe, expect, it } from "vitest";
import { staticReferences } from "../../scripts/bench/page-bytes.mjs";

describe("bench:pages reads what a built module loads before it runs", () => {
  it("follows static imports and re-exports, not dynamic import(), and collects linked stylesheets", () => {
    const code = [
      'import{j as a}from"./components-D1Rf.js";',
      'import"./side-effect-AbCd.js";',
      'export{b as c}from"../assets/Radio-BIjG.js";',
      'const room=()=>import("./room-C5uJ.js");',
      'const links=()=>[{rel:"stylesheet",href:"/assets/phone-Xy12.css"}];',
    ].join("");
    const refs = staticReferences(code);
    expect([...refs.js].sort()).toEqual(["../assets/Radio-BIjG.js", "./components-D1Rf.js", "./side-effect-AbCd.js"]);
    expect([...refs.css]).toEqual(["/assets/phone-Xy12.css"]);
  });
});
