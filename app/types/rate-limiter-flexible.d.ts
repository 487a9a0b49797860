// rate-limiter-flexible's index requires every store it supports (Redis, Mongo, MySQL, PostgreSQL,
// Drizzle, DynamoDB…) as soon as it is imported: 9 MB of the server's resident memory. The server
// imports the one limiter it uses from its own file; its types are the package's.
declare module "rate-limiter-flexible/lib/RateLimiterMemory.js" {
  import { RateLimiterMemory } from "rate-limiter-flexible";
  export default RateLimiterMemory;
}
