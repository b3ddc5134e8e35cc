package io.radshift.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Site ids are bounded, plain identifiers, and every record is keyed by its own site id. */
class SiteIdsTest {

    @Test
    void plainIdentifiersUpTo64CharactersAreValid() {
        assertThat(SiteIds.valid("hospital-a")).isTrue();
        assertThat(SiteIds.valid("H_2.west")).isTrue();
        assertThat(SiteIds.valid("x".repeat(64))).isTrue();
        assertThat(SiteIds.valid("x".repeat(65))).isFalse();
        assertThat(SiteIds.valid("")).isFalse();
        assertThat(SiteIds.valid("-leading-dash")).isFalse();
        assertThat(SiteIds.valid("Doe, Jane")).isFalse();
        assertThat(SiteIds.valid("a/b")).isFalse();
        assertThat(SiteIds.valid(null)).isFalse();
    }

    @Test
    void rejectionsNameTheProblemButNeverRepeatTheId() {
        assertThat(SiteIds.check("Doe, Jane", "Doe, Jane")).hasValueSatisfying(r -> {
            assertThat(r.reason()).isEqualTo(SiteIds.INVALID_SITE_ID);
            assertThat(r.message()).contains("9 characters").doesNotContain("Doe");
        });
        assertThat(SiteIds.check("hospital-b", "hospital-a")).hasValueSatisfying(r -> {
            assertThat(r.reason()).isEqualTo(SiteIds.KEY_SITE_MISMATCH);
            assertThat(r.message()).doesNotContain("hospital");
        });
        assertThat(SiteIds.check(null, "hospital-a")).hasValueSatisfying(r -> assertThat(r.message()).contains("null"));
        assertThat(SiteIds.check("hospital-a", "hospital-a")).isEmpty();
    }
}
