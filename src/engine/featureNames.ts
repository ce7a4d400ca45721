/** Every feature the engine computes, in a fixed order (the order of model feature vectors is the model's own). */
export const FEATURE_NAMES = [
  'session_duration_s',
  'page_views_session',
  'page_velocity',
  'dwell_avg_s',
  'scroll_depth_avg',
  'click_rate',
  'form_submits_session',
  'cart_adds_7d',
  'purchases_30d',
  'revenue_30d',
  'sessions_30d',
  'recency_days',
  'engagement_score',
  'bot_score',
] as const;

export type FeatureName = (typeof FEATURE_NAMES)[number];

/** Feature values by name. */
export type Features = Record<FeatureName, number>;
