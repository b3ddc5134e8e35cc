package io.radshift.offline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelMapTest {

    private static final List<String> BUNDLE = List.of("Atelectasis", "No Finding", "Pneumonia");

    @Test
    void explicitEntriesAndCaseInsensitiveMatchesMap() {
        final LabelMap map = LabelMap.resolve(Map.of("normal", "No Finding"), List.of("normal", "pneumonia", "covid19"),
            BUNDLE);
        assertThat(map.mapping()).containsExactlyInAnyOrderEntriesOf(Map.of("normal", "No Finding",
            "pneumonia", "Pneumonia"));
        assertThat(map.unmapped()).containsExactly("covid19");
    }

    @Test
    void aStudyIsPositiveForItsLabelNegativeForOtherMappedLabelsAndUnknownElsewhere() {
        final LabelMap map = LabelMap.resolve(Map.of("normal", "No Finding"), List.of("normal", "pneumonia"), BUNDLE);
        final LabelMap.Truth pneumonia = map.truth("pneumonia").orElseThrow();
        assertThat(pneumonia.positives()).containsExactly(false, false, true);
        assertThat(pneumonia.known()).containsExactly(false, true, true);
        final LabelMap.Truth normal = map.truth("normal").orElseThrow();
        assertThat(normal.positives()).containsExactly(false, true, false);
        assertThat(normal.known()).containsExactly(false, true, true);
    }

    @Test
    void unmappedAndEmptyLabelsCarryNoTruth() {
        final LabelMap map = LabelMap.resolve(Map.of(), List.of("covid19", ""), BUNDLE);
        assertThat(map.truth("covid19")).isEmpty();
        assertThat(map.truth("")).isEmpty();
        assertThat(map.unmapped()).containsExactly("covid19");
    }

    @Test
    void aTargetThatIsNotABundleLabelIsRejectedWithTheLabelList() {
        assertThatThrownBy(() -> LabelMap.resolve(Map.of("normal", "Normal"), List.of("normal"), BUNDLE))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("'Normal' is not a label of the bundle")
            .hasMessageContaining("No Finding");
    }
}
