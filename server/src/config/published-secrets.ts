/**
 * Strings that anyone can read in Maestro's source, history or documentation
 * and so must never sign anything: the development defaults that earlier
 * versions used when a secret was unset. (The examples in README.md and
 * docker-compose.yml generate their values and print none.) A secret
 * variable set to one of them is refused at start-up. Add any value that
 * gets published to this list.
 */
const OLD_DEVELOPMENT_NOTE = 'development only, never used when NODE_ENV=production';

export const PUBLISHED_SECRETS: ReadonlySet<string> = new Set([
  // The defaults of JWT_SECRET, RESET_TOKEN_SECRET and SHARE_TOKEN_SECRET before they were generated.
  `maestro-access-secret-${OLD_DEVELOPMENT_NOTE}`,
  `maestro-reset-secret-${OLD_DEVELOPMENT_NOTE}`,
  `maestro-share-secret-${OLD_DEVELOPMENT_NOTE}`,
]);
