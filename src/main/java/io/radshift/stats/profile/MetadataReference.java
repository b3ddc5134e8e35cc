package io.radshift.stats.profile;

import java.util.List;

/**
 * Reference frequencies of one metadata field: the most frequent categories (capped) and the count of all
 * other categories.
 *
 * @param field field name, e.g. viewPosition
 * @param categories categories kept, most frequent first
 * @param counts count per kept category
 * @param otherCount count of all other categories
 */
public record MetadataReference(String field, List<String> categories, long[] counts, long otherCount) {

    /** Copies the category list. */
    public MetadataReference {
        categories = List.copyOf(categories);
    }
}
