/**
 * Reference profile: building it with a held-out calibration split, n-calibrated null distributions, and the versioned Avro file format (src/main/avro/ReferenceProfile.avsc).
 */
package io.radshift.stats.profile;
