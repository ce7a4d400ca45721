import { expect, test } from 'vitest';
import { createEngine } from '../../../src/engine/createEngine';
import { FEATURE_NAMES, TRAIN_FEATURES } from '../../../src/engine/featureNames';
import { FEATURE_TABLE } from '../../../src/engine/features/featureTable';

test('the names, the engine\'s reads and the training default all come from the feature table', () => {
  expect(FEATURE_NAMES).toEqual(Object.keys(FEATURE_TABLE));
  // DESIGN "Features", in its order.
  expect(FEATURE_NAMES).toEqual([
    'session_duration_s', 'page_views_session', 'page_velocity', 'dwell_avg_s', 'scroll_depth_avg', 'click_rate',
    'form_submits_session', 'cart_adds_7d', 'purchases_30d', 'revenue_30d', 'sessions_30d', 'recency_days',
    'engagement_score', 'bot_score',
  ]);
  // A first model learns what a visitor's behaviour sets: not the summary of it, not the bot score.
  expect(TRAIN_FEATURES).toEqual(FEATURE_NAMES.filter((name) => name !== 'engagement_score' && name !== 'bot_score'));
  const engine = createEngine({ now: () => 1000 });
  expect(Object.keys(engine.getFeatures())).toEqual(FEATURE_NAMES);
});
