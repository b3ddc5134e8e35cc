package io.radshift.offline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.radshift.data.Manifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StudyInputsTest {

    @TempDir
    Path dir;

    @Test
    void folderImagesAreSortedLabelledBySubFolderAndPseudonymous() throws IOException {
        Files.createDirectories(dir.resolve("PNEUMONIA"));
        Files.createDirectories(dir.resolve("NORMAL"));
        Files.writeString(dir.resolve("PNEUMONIA/person3_virus_1.jpeg"), "x");
        Files.writeString(dir.resolve("NORMAL/IM-0001-0001.png"), "x");
        Files.writeString(dir.resolve("top.png"), "x");
        Files.writeString(dir.resolve("notes.txt"), "not an image");
        final List<StudyInput> inputs = StudyInputs.fromDirectory(dir);
        assertThat(inputs).extracting(StudyInput::label).containsExactly("NORMAL", "PNEUMONIA", "");
        assertThat(inputs.get(1).patient()).contains("person3");
        assertThat(inputs).allSatisfy(i -> assertThat(i.studyId()).matches("s-[0-9a-f]{16}")
            .doesNotContain("person"));
    }

    @Test
    void anEmptyFolderIsAnError() {
        assertThatThrownBy(() -> StudyInputs.fromDirectory(dir)).hasMessageContaining("no images");
    }

    @Test
    void manifestRowsCarryLabelAndMetadataAndUnknownColumnsAreRejected() throws IOException {
        final Path csv = dir.resolve("m.csv");
        Files.writeString(csv, "file,label,view,site\na/person1_x.png,normal,PA,one\nb/2.png,covid19,AP,two\n");
        final Manifest manifest = Manifest.read(csv);
        final List<StudyInput> inputs = StudyInputs.fromManifest(manifest, List.of("site=one"), "label",
            List.of("view"));
        assertThat(inputs).singleElement().satisfies(i -> {
            assertThat(i.label()).isEqualTo("normal");
            assertThat(i.metadata()).containsExactly(java.util.Map.entry("view", "PA"));
            assertThat(i.file()).isEqualTo(dir.resolve("a/person1_x.png"));
        });
        assertThatThrownBy(() -> StudyInputs.fromManifest(manifest, List.of(), "label", List.of("sex")))
            .hasMessageContaining("metadata column 'sex' is not in the manifest");
    }
}
