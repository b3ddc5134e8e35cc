package io.radshift.stats.profile;

/**
 * Identity of a reference profile and of the model bundle it was built for.
 *
 * @param profileId profile id
 * @param modelId model id, e.g. biomedclip-vit-b16
 * @param bundleHash content hash of the model bundle (weights + label prompts)
 * @param createdAtMillis creation time, epoch ms
 */
public record ProfileTags(String profileId, String modelId, String bundleHash, long createdAtMillis) {
}
