/**
 * The drift tests of a window, multiple-testing control (Holm / Benjamini-Hochberg), effect tolerances and the {@link io.radshift.stats.drift.WindowEvaluator}. Calibrated tests (centroid distance, MMD^2) get p-values from the profile's n-dependent null so that they enter the correction with the analytic tests; a test drifts only when it is significant after the correction and its debiased effect is beyond its {@link io.radshift.stats.drift.Tolerance}.
 */
package io.radshift.stats.drift;
