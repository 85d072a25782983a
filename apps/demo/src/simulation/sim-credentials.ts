/**
 * The simulated world's credentials. They open nothing real; the demo still handles them as
 * secrets (wrapped, masked, never printed) so the simulated path is the real path.
 */
export const SIM_CIRCLECI_TOKEN = "CCIPAT_SimDemo7XqLmN2pR4tV_4f3c2b1a0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b";
export const SIM_CIRCONUS_TOKEN = "5b7f3c1e-9a2d-4e8b-b1c4-0d2e6f8a9c11";
export const SIM_CIRCONUS_APP = "toolweave-demo";
/** Simulated token ages: CircleCI's is due for rotation, Circonus' is fresh. */
export const SIM_TOKEN_AGE_DAYS = { circleci: 47, circonus: 9 } as const;
/**
 * Web UI root for the simulated CircleCI's links: clearly not the real app.circleci.com (`.invalid`
 * is reserved and never resolves, RFC 2606), so a simulated link is never mistaken for a real one.
 */
export const SIM_CIRCLECI_APP_URL = "https://app.circleci.simulated.invalid";
/**
 * The `secrets-in-data` fault: both simulated tokens as a tool could echo them inside its own
 * data (a commit message, an actor, an alert name), so the tests can check that no output carries them.
 */
export const SIM_TOKENS_IN_TEXT = `${SIM_CIRCLECI_TOKEN} ${SIM_CIRCONUS_TOKEN}`;
