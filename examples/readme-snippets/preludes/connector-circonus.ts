// What the README's later snippets assume from earlier ones: a client.
import type { CirconusClient } from "@toolweave/connector-circonus";
declare const circonus: CirconusClient;
