// The MCP SDK's declarations (1.x, shared/transport.d.ts) name the DOM's global `HeadersInit`,
// which a Node-only app (no "DOM" lib, skipLibCheck off) lacks: modelcontextprotocol/typescript-sdk#2568.
// The same type as Node's fetch takes; drop this file once the SDK stops naming it.
type HeadersInit = NonNullable<RequestInit["headers"]>;
