/**
 * Bounded, exactly mergeable sketches: random Fourier features for RBF-kernel MMD (biased V-statistic ||mean phi(window) - mean phi(reference)||^2; no small-n correction because the null is calibrated at the same n), bounded category counts and a total-order top-k.
 */
package io.radshift.stats.sketch;
