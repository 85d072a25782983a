/** `GET /account/current` — examples/account_current.json (SPEC `Account`, GOAPI account_test.go). */
export const accountCurrent = {
  "_cid": "/account/1234",
  "_account_uuid": "7940a8d1-6209-48bb-8a97-0cda1145bd40",
  "_owner": "/user/42",
  "_created_on": 1382104110,
  "_ui_base_url": "https://example-ops.circonus.com/",
  "_c3_data_url": "https://example-ops.c3.circonus.com/",
  "_contact_groups": [
    "/contact_group/1701",
    "/contact_group/3141"
  ],
  "_usage": [
    {
      "_type": "Host",
      "_limit": 50,
      "_used": 7
    }
  ],
  "name": "example-ops",
  "description": "Example.com ops monitoring account",
  "timezone": "America/New_York",
  "country_code": "US",
  "address1": null,
  "address2": null,
  "city": "New York City",
  "state_prov": "NY",
  "cc_email": null,
  "default_dashboard_uuid": null,
  "default_dashboard_type": null,
  "invites": [
    {
      "email": "new.engineer@example.com",
      "role": "Normal"
    }
  ],
  "users": [
    {
      "user": "/user/42",
      "role": "Admin"
    },
    {
      "user": "/user/43",
      "role": "Normal"
    },
    {
      "user": "/user/57",
      "role": "Read Only"
    }
  ]
};
/** `GET /user/current` — examples/user_current.json (SPEC `User`). */
export const userCurrent = {
  "_cid": "/user/42",
  "email": "gordon.robinson@example.com",
  "firstname": "Gordon",
  "lastname": "Robinson",
  "contact_info": {
    "sms": "2008675309"
  }
};
