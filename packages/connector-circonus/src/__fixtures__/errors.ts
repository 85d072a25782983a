/** HTTP 403 with a bad token — examples/error_forbidden_bad_token.json (GOAPI main_test.go mock). */
export const errorForbiddenBadToken = {
  "code": "Forbidden.BadToken",
  "message": "invalid authentication token",
  "explanation": "The authentication token you supplied is invalid",
  "reference": "abc123",
  "server": "api1.example.circonus.net",
  "tag": "7c0bbdc0-8264-11e9-ad0b-acde48001122"
};
/** HTTP 403 for a denied app name (`Forbidden.BadApp`, https://docs.circonus.com/circonus/api/; shaped like the GOAPI mock). */
export const errorForbiddenBadApp = {
  "code": "Forbidden.BadApp",
  "message": "application not allowed",
  "explanation": "The application name is denied for this token",
  "server": "api1.example.circonus.net",
  "tag": "8d1ccdd0-8264-11e9-ad0b-acde48001122"
};
/** HTTP 400 for a bad `search=` — examples/error_invalid_search.json (SPEC21 `Error`). */
export const errorInvalidSearch = {
  "code": "InputError.InvalidValue",
  "status": 400,
  "explanation": "The value passed was not valid",
  "message": "invalid search query",
  "tag": "2f7a9c10-1b2d-11ee-9a4e-0242ac120002",
  "server": "api2.example.circonus.net",
  "time": 1700000500
};
/** HTTP 401 while the app name is pending approval (BLOG 2010 "Authorization Required"; body shape not documented). */
export const errorNotApproved = {
  "code": "Unauthorized",
  "message": "Authorization Required"
};
/** A plain-text 429 body (GOAPI's 429 mock body is `rate limit`, https://docs.circonus.com/circonus/api/). */
export const errorRateLimitText = "rate limit";
