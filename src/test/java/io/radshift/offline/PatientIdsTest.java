package io.radshift.offline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PatientIdsTest {

    @Test
    void parsesTheThreeKermanyPatterns() {
        assertThat(PatientIds.fromFileName(Path.of("x/PNEUMONIA/person1180_virus_2010.jpeg"))).contains("person1180");
        assertThat(PatientIds.fromFileName(Path.of("NORMAL/IM-0115-0001.jpeg"))).contains("IM-0115");
        assertThat(PatientIds.fromFileName(Path.of("NORMAL2-IM-0372-0001.jpeg"))).contains("NORMAL2-IM-0372");
    }

    @Test
    void imagesOfOnePatientShareTheKey() {
        assertThat(PatientIds.fromFileName(Path.of("person7_bacteria_24.jpeg")))
            .isEqualTo(PatientIds.fromFileName(Path.of("person7_bacteria_29.jpeg")));
        assertThat(PatientIds.fromFileName(Path.of("person7_bacteria_24.jpeg")))
            .isNotEqualTo(PatientIds.fromFileName(Path.of("person71_bacteria_24.jpeg")));
    }

    @Test
    void otherNamesHaveNoPatient() {
        assertThat(PatientIds.fromFileName(Path.of("hannover/b343e657.png"))).isEmpty();
        assertThat(PatientIds.fromFileName(Path.of("person.png"))).isEmpty();
        assertThat(PatientIds.fromFileName(Path.of("IM-0115.png"))).isEmpty();
    }
}
