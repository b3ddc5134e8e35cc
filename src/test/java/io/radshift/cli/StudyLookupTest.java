package io.radshift.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.radshift.ingest.ImageStudies;
import io.radshift.ingest.Pseudonymizer;
import io.radshift.tools.demo.model.PhantomGenerator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding the files behind a report's pseudonymous study ids with the hospital's key, as publish made them. */
class StudyLookupTest {

    private static final Pseudonymizer KEY = new Pseudonymizer("0123456789abcdef-hospital".getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path archive;

    @Test
    void findsEachIdsFileInTheOrderAsked() throws Exception {
        final Path a = Files.createDirectories(archive.resolve("2026/03")).resolve("a.png");
        final Path b = archive.resolve("b.dcm");
        Files.writeString(a, "a");
        Files.writeString(b, "b");
        final String idA = KEY.studyId("h1", a.toAbsolutePath().normalize().toString());
        final String idB = KEY.studyId("h1", b.toAbsolutePath().normalize().toString());
        assertThat(StudyLookup.find(KEY, "h1", archive, List.of(idB, idA))).containsExactly(b, a);
    }

    @Test
    void anIdOfAnotherKeyOrSiteIsNotFoundAndNamed() throws Exception {
        final Path a = archive.resolve("a.png");
        Files.writeString(a, "a");
        final String otherSite = KEY.studyId("h2", a.toAbsolutePath().normalize().toString());
        assertThatThrownBy(() -> StudyLookup.find(KEY, "h1", archive, List.of(otherSite)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has study id " + otherSite)
            .hasMessageContaining("site h1").hasMessageNotContaining("a.png");
    }

    @Test
    void theIdIsTheOnePublishGaveTheFile() throws Exception {
        final Path a = Files.createDirectories(archive.resolve("ward")).resolve("a.png");
        Files.write(a, new PhantomGenerator().png(Set.of(), new PhantomGenerator.Acquisition(64, 1, 1, 0.01, 0.7), 1));
        final String published = new ImageStudies("h1", KEY, 1 << 20)
            .event(archive.resolve("ward/../ward/a.png"), Instant.parse("2026-03-02T08:00:00Z"), Optional.empty())
            .getStudyId();
        assertThat(StudyLookup.find(KEY, "h1", archive, List.of(published))).containsExactly(a);
    }
}
