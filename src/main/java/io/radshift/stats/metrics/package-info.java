/**
 * Ground-truth metrics with scikit-learn definitions, accumulated as exactly mergeable counts and sums.
 */
package io.radshift.stats.metrics;
