import type { BearerTokenSource } from "@toolweave/demo/kit";

/** The variable holding the bearer token HTTP clients must send (optional). */
export const MCP_TOKEN: BearerTokenSource = {
  variable: "TOOLWEAVE_MCP_TOKEN",
  giveTo: "your MCP client (its Authorization header)",
  howToSend: 'in your MCP client\'s server entry, add the header "Authorization: Bearer <the value of TOOLWEAVE_MCP_TOKEN>"',
};
