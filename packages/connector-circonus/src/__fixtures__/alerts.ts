/** `GET /alert?search=(tags:service:checkout)` (active alerts only by default) — examples/alert_list.json (SPEC `Alert`, GOAPI alert_test.go). */
export const alertList = [
  {
    "_cid": "/alert/4378611",
    "_acknowledgement": null,
    "_alert_url": "https://example-ops.circonus.com/fault-detection/alerts/4378611",
    "_broker": "/broker/35",
    "_canonical_metric_name": "duration",
    "_check": "/check/62514",
    "_check_module": "http",
    "_check_name": "checkout.example.com health",
    "_check_target": "checkout.example.com",
    "_cleared_on": null,
    "_cleared_value": null,
    "_maintenance": [],
    "_metric_link": "https://runbooks.example.com/checkout/latency",
    "_metric_name": "duration",
    "_metric_notes": "Page the payments on-call if sustained.",
    "_occurred_on": 1700000100,
    "_rule": {
      "criteria": "max value",
      "value": "2000"
    },
    "_rule_set": "/rule_set/98231",
    "_severity": 1,
    "_tags": [
      "env:prod",
      "service:checkout",
      "team:payments"
    ],
    "_value": "3412",
    "comment": ""
  },
  {
    "_cid": "/alert/4378702",
    "_acknowledgement": "/acknowledgement/5521",
    "_alert_url": "https://example-ops.circonus.com/fault-detection/alerts/4378702",
    "_broker": "/broker/35",
    "_canonical_metric_name": "used|ST[fs-mountpoint:/,units:percent]",
    "_check": "/check/70211",
    "_check_module": "httptrap",
    "_check_name": "checkout-api app metrics",
    "_check_target": "checkout-api.prod.example.com",
    "_cleared_on": null,
    "_cleared_value": null,
    "_maintenance": [],
    "_metric_link": null,
    "_metric_name": "used",
    "_metric_notes": null,
    "_occurred_on": 1700000400,
    "_rule": {
      "criteria": "max value",
      "value": "90"
    },
    "_rule_set": "/rule_set_group/77",
    "_severity": 3,
    "_tags": [
      "env:prod",
      "service:checkout"
    ],
    "_value": "93.5",
    "comment": "disk cleanup scheduled"
  }
];
/** A cleared alert (`(active:0)` search): `_cleared_on` set; `_alert_url` null so the link is built from the UI root. */
export const alertCleared = {
  "_cid": "/alert/4378555",
  "_acknowledgement": null,
  "_alert_url": null,
  "_broker": "/broker/35",
  "_canonical_metric_name": "duration",
  "_check": "/check/62514",
  "_check_module": "http",
  "_check_name": "checkout.example.com health",
  "_check_target": "checkout.example.com",
  "_cleared_on": 1700003600,
  "_cleared_value": "180",
  "_maintenance": [],
  "_metric_link": "https://runbooks.example.com/checkout/latency",
  "_metric_name": "duration",
  "_metric_notes": "Page the payments on-call if sustained.",
  "_occurred_on": 1699990000,
  "_rule": {
    "criteria": "max value",
    "value": "2000"
  },
  "_rule_set": "/rule_set/98231",
  "_severity": 2,
  "_tags": [
    "env:prod",
    "service:checkout",
    "team:payments"
  ],
  "_value": "3412",
  "comment": null
};
