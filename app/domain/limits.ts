/**
 * The product's limits on what people type (not the database's). Their own module, free of zod,
 * so a form that only needs a `maxLength` does not bring the schemas into a phone's first load.
 */
export const LIMITS = {
  name: 80,
  email: 254,
  passwordMin: 10,
  passwordMax: 200,
  title: 160,
  organisation: 120,
  country: 60,
  venue: 160,
  theme: 5000,
} as const;
