/**
 * The config's fixed lists and built-in defaults, without the validation library: pages that only
 * need a list (the scalings in a select) or a default import this module, so the browser does not
 * load the schema (zod) for them. The schema's sections (./sections/*.ts) build on these.
 */

export const TRANSACTION_ROLES = [
  "customer_id",
  "order_id",
  "timestamp",
  "product_id",
  "product_name",
  "category",
  "quantity",
  "unit_price",
  "amount",
  "currency",
] as const;
export type TransactionRole = (typeof TRANSACTION_ROLES)[number];

export const SCALINGS = ["zscore", "robust", "minmax", "none"] as const;
/** segmentation.missing: what happens to customers with a blank in a clustered feature (src/lib/cluster/missing.ts). */
export const MISSING_STRATEGIES = ["exclude", "median", "mode", "indicator"] as const;
export type MissingStrategy = (typeof MISSING_STRATEGIES)[number];
/** Features segmentation.log takes when it is left out, if they are clustered: counts and money are skewed. */
export const LOGGED_BY_DEFAULT: readonly string[] = ["frequency", "monetary"];
export const ENCODINGS = ["utf-8", "latin-1", "utf-16"] as const;
export const DATE_ORDERS = ["auto", "DMY", "MDY"] as const;
export const DECIMAL_SEPARATORS = [".", ","] as const;
/** ingest.delimiter's word for aligned columns: runs of spaces and tabs separate fields. */
export const WHITESPACE_DELIMITER = "whitespace";
/** ingest.dropDuplicates: "auto" drops exact duplicate lines only when an order id is mapped. */
export const DUPLICATE_POLICIES = ["auto", true, false] as const;

/** Customer columns with personal data, never passed to pages or the report, unless the config says otherwise. */
export const DEFAULT_PII: readonly string[] = ["first_name", "last_name", "name", "email", "phone", "address", "street", "postcode", "zip"];

/** The classic RFM scheme's score ranges, ordered so that every named segment can be reached. */
export const CLASSIC_RFM_RULES: readonly { name: string; r: [number, number]; f: [number, number]; m: [number, number] }[] = [
  { name: "Champions", r: [4, 5], f: [4, 5], m: [4, 5] },
  { name: "Loyal Customers", r: [2, 5], f: [3, 5], m: [3, 5] },
  { name: "New Customers", r: [4, 5], f: [1, 1], m: [1, 1] },
  { name: "Promising", r: [3, 4], f: [1, 1], m: [1, 1] },
  { name: "Potential Loyalist", r: [3, 5], f: [1, 3], m: [1, 3] },
  { name: "Need Attention", r: [2, 3], f: [2, 3], m: [2, 3] },
  { name: "About To Sleep", r: [2, 3], f: [1, 2], m: [1, 2] },
  { name: "Can't Lose Them", r: [1, 1], f: [4, 5], m: [4, 5] },
  { name: "At Risk", r: [1, 2], f: [2, 5], m: [2, 5] },
  { name: "Lost", r: [1, 2], f: [1, 2], m: [1, 2] },
];
/** Segment of customers that match no RFM rule. */
export const RFM_OTHER = "Others";
/** Top categories that get a share_<category> feature. */
export const DEFAULT_TOP_CATEGORIES = 5;
