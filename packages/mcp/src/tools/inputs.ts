import { z } from "zod";

// The inputs several tools share, described for a model filling them in.

export const serviceInput = z.string().trim().min(1).max(200).describe("The service's name in the catalog (list_services gives them), e.g. \"checkout\".");
export const envInput = z.string().trim().min(1).max(100).describe("An environment of the service, e.g. \"prod\" or \"staging\" (list_services gives each service's envs).");
export const sinceInput = z.string().trim().min(1).max(40).describe("Start of the window: a duration back from now (90m, 24h, 7d) or an ISO 8601 date-time. Default 24h.");
export const untilInput = z.string().trim().min(1).max(40).describe("End of the window: a duration back from now or an ISO 8601 date-time. Default now.");
export const windowInput = z.string().trim().min(1).max(20).describe("How long before an alert a deploy to the same env counts as a suspect: 30m, 2h… Default 60m.");
