package io.radshift.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The start-up check that the site-keyed inputs have one partition count. */
class CoPartitioningTest {

    @Test
    void oneCountIsFine() {
        assertThat(CoPartitioning.problem(Map.of("studies", 6, "study-inferences", 6, "study-labels", 6))).isEmpty();
        assertThat(CoPartitioning.problem(Map.of())).isEmpty();
    }

    @Test
    void differentCountsAreOneLineNamingEachTopicsCount() {
        assertThat(CoPartitioning.problem(Map.of("studies", 6, "study-inferences", 6, "study-labels", 3)))
                .hasValueSatisfying(line -> assertThat(line).doesNotContain("\n")
                        .contains("studies has 6, study-inferences has 6, study-labels has 3")
                        .contains("same number of partitions"));
    }
}
