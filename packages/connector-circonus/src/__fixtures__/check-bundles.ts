/** `GET /check_bundle?search=(tags:service:checkout)` — examples/check_bundle_search.json (SPEC `CheckBundle`, login.circonus.com check_bundle page). */
export const checkBundleSearch = [
  {
    "_cid": "/check_bundle/45315",
    "_checks": [
      "/check/62513",
      "/check/62514"
    ],
    "_check_uuids": [
      "36b5a748-5614-57f1-87e3-32ca709c9cac",
      "25b5a748-5614-44f1-87e3-32ca709c9c45"
    ],
    "_created": 1372178325,
    "_last_modified": 1672531200,
    "_last_modified_by": "/user/42",
    "_reverse_connection_urls": [],
    "brokers": [
      "/broker/1",
      "/broker/35"
    ],
    "config": {
      "url": "https://checkout.example.com/health",
      "http_version": "1.1",
      "method": "GET",
      "code": "^200$",
      "read_limit": "0",
      "redirects": "0"
    },
    "display_name": "checkout.example.com health",
    "metric_filters": [],
    "metric_limit": 0,
    "metrics": [
      {
        "name": "code",
        "type": "text",
        "status": "active",
        "tags": [],
        "units": null
      },
      {
        "name": "duration",
        "type": "numeric",
        "status": "active",
        "tags": [],
        "units": "milliseconds"
      },
      {
        "name": "tt_firstbyte",
        "type": "numeric",
        "status": "available",
        "tags": [],
        "units": "milliseconds"
      }
    ],
    "notes": null,
    "period": 60,
    "status": "active",
    "tags": [
      "env:prod",
      "service:checkout",
      "team:payments"
    ],
    "target": "checkout.example.com",
    "timeout": 10,
    "type": "http"
  },
  {
    "_cid": "/check_bundle/51890",
    "_checks": [
      "/check/70211"
    ],
    "_check_uuids": [
      "f2622370-a9b9-404a-9368-396a8d7c6dc5"
    ],
    "_created": 1580000000,
    "_last_modified": 1690000000,
    "_last_modified_by": "/user/43",
    "_reverse_connection_urls": [],
    "brokers": [
      "/broker/35"
    ],
    "config": {
      "asynch_metrics": "true",
      "secret": "5e3b2a1c",
      "submission_url": "https://api.circonus.com/module/httptrap/f2622370-a9b9-404a-9368-396a8d7c6dc5/5e3b2a1c"
    },
    "display_name": "checkout-api app metrics",
    "metric_filters": [
      [
        "allow",
        "^.+$",
        "default allow all"
      ]
    ],
    "metric_limit": -1,
    "metrics": [],
    "notes": "created by deploy pipeline",
    "period": 60,
    "status": "active",
    "tags": [
      "env:prod",
      "service:checkout"
    ],
    "target": "checkout-api.prod.example.com",
    "timeout": 10,
    "type": "httptrap"
  }
];
/** Bundles that break the tag conventions: mixed case, no colon, bad env value, two services; an unknown `status`/`type` value, null and missing optional fields (SPEC `CheckBundle`, https://docs.circonus.com/circonus/api/). */
export const checkBundlesNonConforming = [
  {
    "_cid": "/check_bundle/60021",
    "_checks": [
      "/check/80311"
    ],
    "_check_uuids": [
      "0d5cbd6a-3c1f-4a7e-9d51-2f6f4d0a9b11"
    ],
    "_created": 1650000000,
    "_last_modified": 1690000500,
    "_last_modified_by": null,
    "_reverse_connection_urls": null,
    "brokers": [
      "/broker/35"
    ],
    "config": {
      "url": "https://pay.example.com/ping"
    },
    "display_name": "payments ping",
    "metric_filters": [],
    "metric_limit": null,
    "metrics": [],
    "notes": null,
    "period": 60,
    "status": "paused_by_policy",
    "tags": [
      "Service:Payments",
      "env:prod",
      "team:payments"
    ],
    "target": "pay.example.com",
    "timeout": "10",
    "type": "http:future"
  },
  {
    "_cid": "/check_bundle/60022",
    "_checks": [
      "/check/80312"
    ],
    "_check_uuids": [],
    "_created": 1650000100,
    "_last_modified": 1650000100,
    "_last_modified_by": "/user/57",
    "brokers": [
      "/broker/1"
    ],
    "config": {},
    "display_name": "legacy db host",
    "metrics": [],
    "notes": null,
    "period": 300,
    "status": "active",
    "tags": [
      "database",
      "env:Production Cluster",
      "service:checkout",
      "service:payments"
    ],
    "target": "db1.example.com",
    "type": "ping_icmp"
  }
];
