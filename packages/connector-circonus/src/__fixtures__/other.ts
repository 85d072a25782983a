/**
 * Fixtures for the remaining list operations, built from the SPEC schema examples
 * (`Check`, `Metric`, `RuleSet`, `ContactGroup`, `Graph`, `Dashboard`, `Maintenance`, `Annotation`)
 * and the values of the examples/ payloads (bundle 45315 / check 62514 / rule set 98231).
 */
export const checkList = [
  {
    _cid: "/check/62514",
    _active: true,
    _broker: "/broker/35",
    _check_bundle: "/check_bundle/45315",
    _check_uuid: "25b5a748-5614-44f1-87e3-32ca709c9c45",
    _details: {},
    _reverse_url: "",
  },
  {
    _cid: "/check/62513",
    _active: false,
    _broker: "/broker/1",
    _check_bundle: "/check_bundle/45315",
    _check_uuid: "36b5a748-5614-57f1-87e3-32ca709c9cac",
    _details: null,
    _reverse_urls: [],
  },
];

export const metricList = [
  {
    _cid: "/metric/62514_duration",
    _active: true,
    _check: "/check/62514",
    _check_active: true,
    _check_broker: "Ashburn, VA, US",
    _check_bundle: "/check_bundle/45315",
    _check_module: "http",
    _check_tags: ["env:prod", "service:checkout", "team:payments"],
    _check_target: "checkout.example.com",
    _check_uuid: "25b5a748-5614-44f1-87e3-32ca709c9c45",
    _display_name: "checkout.example.com health",
    _histogram: false,
    _metric_name: "duration",
    _metric_type: "numeric",
    _status: "active",
    units: "milliseconds",
  },
  {
    _cid: "/metric/70211_used|ST[fs-mountpoint:/,units:percent]",
    _active: true,
    _check: "/check/70211",
    _check_active: true,
    _check_broker: "Ashburn, VA, US",
    _check_bundle: "/check_bundle/51890",
    _check_module: "httptrap",
    _check_tags: ["env:prod", "service:checkout"],
    _check_target: "checkout-api.prod.example.com",
    _check_uuid: "f2622370-a9b9-404a-9368-396a8d7c6dc5",
    _display_name: "checkout-api app metrics",
    _histogram: "inactive",
    _metric_name: "used|ST[fs-mountpoint:/,units:percent]",
    _metric_type: "numeric",
    _status: "active",
    units: null,
  },
];

export const ruleSetList = [
  {
    _cid: "/rule_set/98231",
    _host: "checkout.example.com",
    check: "/check/62514",
    name: "checkout latency",
    metric_name: "duration",
    metric_type: "numeric",
    filter: null,
    notes: null,
    link: "https://runbooks.example.com/checkout/latency",
    parent: null,
    // An object keyed by severity in practice, not the SPEC's array (https://github.com/circonus-labs/go-apiclient).
    contact_groups: { "1": ["/contact_group/1701"], "2": [], "3": [], "4": [], "5": [] },
    rules: [{ criteria: "max value", value: "2000", severity: 1, wait: 0, windowing_function: null }],
    tags: ["env:prod", "service:checkout", "team:payments"],
  },
  {
    _cid: "/rule_set/98232",
    _host: null,
    check: "/check/0",
    metric_pattern: "^used$",
    metric_type: "numeric",
    filter: "and(service:checkout,env:prod)",
    contact_groups: [],
    rules: [{ criteria: "max value", value: 90, severity: 3, wait: 5 }],
    tags: [],
  },
];

export const contactGroupList = [
  {
    _cid: "/contact_group/1701",
    _last_modified: 1672531200,
    _last_modified_by: "/user/42",
    name: "payments on-call",
    group_type: "pagerduty",
    aggregation_window: 300,
    always_send_clear: true,
    reminders: [10, 0, 0, 0, 0],
    contacts: { users: [{ user: "/user/42", method: "email", _contact_info: "gordon.robinson@example.com" }], external: [] },
    tags: ["team:payments"],
  },
  {
    _cid: "/contact_group/3141",
    name: "ops chat",
    group_type: "matrix-bridge",
    contacts: { users: [], external: [{ contact_info: "#ops", method: "slack" }] },
    tags: null,
  },
];

export const graphList = [
  {
    _cid: "/graph/6b0a6e9e-3c1f-4d2b-9a51-7f0b2f4c5e10",
    title: "checkout latency",
    description: "p50/p99 of the health check",
    notes: null,
    style: "line",
    line_style: "stepped",
    min_left_y: "0",
    max_left_y: null,
    min_right_y: null,
    max_right_y: null,
    datapoints: [{ check_id: 62514, metric_name: "duration", metric_type: "numeric", name: "duration", caql: null, search: null }],
    composites: [],
    tags: ["env:prod", "service:checkout"],
  },
];

export const dashboardList = [
  {
    _cid: "/dashboard/1204",
    _active: true,
    _created: 1600000000,
    _created_by: "/user/42",
    _dashboard_uuid: "d4a0b5a2-7c1e-4b3f-8d2a-1f0e9c8b7a65",
    _last_modified: 1690000000,
    title: "Checkout overview",
    shared: true,
    grid_layout: { width: 12, height: 8 },
    widgets: [],
  },
];

export const maintenanceList = [
  {
    _cid: "/maintenance/3301",
    type: "check",
    item: "/check/62514",
    start: 1900000000,
    stop: 1900003600,
    severities: ["1", "2", "3", "4", "5"],
    notes: "checkout deploy window",
    tags: ["service:checkout"],
  },
  { _cid: "/maintenance/3302", type: "host", item: "db1.example.com", start: 1900007200, stop: 1900010800, severities: "12345", notes: null, tags: [] },
];

export const annotationList = [
  {
    _cid: "/annotation/1234",
    _created: 1382104711,
    _last_modified: 1382104711,
    _last_modified_by: "/user/2345",
    title: "Disk Upgrade",
    description: "Installed holographic storage to improve performance.",
    category: "upgrades",
    start: 1577923232,
    stop: 1577926810,
    rel_metrics: ["54321_kbps"],
  },
];
