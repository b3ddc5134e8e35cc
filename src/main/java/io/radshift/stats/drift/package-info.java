/**
 * Distribution functions, the drift tests of a window, multiple-testing control (Holm / Benjamini-Hochberg) and the {@link io.radshift.stats.drift.WindowEvaluator}. Calibrated tests (centroid distance, MMD^2) get p-values from the profile's n-dependent null so that they enter the correction with the analytic tests.
 */
package io.radshift.stats.drift;
