export { circonusFixtures, type CirconusFixtures } from "./__fixtures__/index.js";
