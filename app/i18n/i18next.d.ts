import "i18next";
import type facilitator from "./locales/en/facilitator.json";
import type room from "./locales/en/room.json";

declare module "i18next" {
  interface CustomTypeOptions {
    defaultNS: "room";
    fallbackNS: "facilitator";
    resources: { room: typeof room; facilitator: typeof facilitator };
  }
}
