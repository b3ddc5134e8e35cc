/**
 * Reference profile: building it with a held-out calibration split, n-calibrated null distributions, tolerances derived from the variation between groups of held-out patients, the debiased effect sizes of a window against its parts ({@link io.radshift.stats.profile.WindowEffects}), and the versioned Avro file format (src/main/avro/ReferenceProfile.avsc).
 */
package io.radshift.stats.profile;
