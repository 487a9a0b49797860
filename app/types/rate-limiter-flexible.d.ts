// rate-limiter-flexible's index requires every store it supports (Redis, Mongo, MySQL, PostgreSQL,
// Drizzle, DynamoDB…) as soon as it is imported: 9 MB of the server's resident memory. The server
// imports the limiters it uses from their own files (memory; Redis, handed its client when
// REDIS_URL is set); their types are the package's.
declare module "rate-limiter-flexible/lib/RateLimiterMemory.js" {
  import { RateLimiterMemory } from "rate-limiter-flexible";
  export default RateLimiterMemory;
}

declare module "rate-limiter-flexible/lib/RateLimiterRedis.js" {
  import { RateLimiterRedis } from "rate-limiter-flexible";
  export default RateLimiterRedis;
}
