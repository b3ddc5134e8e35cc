package io.radshift.detect;

/** Which model and reference profile a window was evaluated with, as recorded in every summary. */
public record ProfileIdentity(String modelId, String bundleHash, String profileId) {
}
