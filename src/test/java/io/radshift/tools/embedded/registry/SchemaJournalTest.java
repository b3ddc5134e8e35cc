package io.radshift.tools.embedded.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.radshift.ingest.registry.CompatibilityLevel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A persistent {@link SchemaStore} started again from its journal has the same subjects, versions, ids and levels. */
class SchemaJournalTest {

    private static final Schema V1 = SchemaBuilder.record("Study").namespace("it").fields()
            .requiredString("id").endRecord();
    private static final Schema V2 = SchemaBuilder.record("Study").namespace("it").fields()
            .requiredString("id").optionalString("site").endRecord();
    private static final Schema OTHER = SchemaBuilder.record("Label").namespace("it").fields()
            .requiredInt("value").endRecord();

    @TempDir
    Path dir;

    @Test
    void aRestartedStoreKeepsIdsVersionsAndLevels() {
        final Path file = dir.resolve("registry").resolve("schemas.jsonl");
        final SchemaStore first = SchemaStore.persistent(new SchemaJournal(file));
        final int other = first.register("labels-value", OTHER);
        final int v1 = first.register("studies-value", V1);
        final int v2 = first.register("studies-value", V2);
        first.register("studies-value", V2);
        first.setSubjectLevel("studies-value", CompatibilityLevel.FULL);
        first.setGlobalLevel(CompatibilityLevel.NONE);

        final SchemaStore again = SchemaStore.persistent(new SchemaJournal(file));

        assertThat(again.subjects()).containsExactly("labels-value", "studies-value");
        assertThat(again.versions("studies-value")).extracting(v -> v.id()).containsExactly(v1, v2);
        assertThat(again.byId(other)).contains(OTHER);
        assertThat(again.byId(v2)).contains(V2);
        assertThat(again.level("studies-value")).isEqualTo(CompatibilityLevel.FULL);
        assertThat(again.globalLevel()).isEqualTo(CompatibilityLevel.NONE);
        assertThat(again.register("more-value", V1)).as("an existing schema keeps its id under a new subject").isEqualTo(v1);
    }

    @Test
    void aLastLineCutShortByACrashIsIgnoredButCorruptionBeforeItIsNot() throws Exception {
        final Path file = dir.resolve("schemas.jsonl");
        final int id = SchemaStore.persistent(new SchemaJournal(file)).register("studies-value", V1);
        Files.writeString(file, "{\"op\":\"register\",\"subj", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        assertThat(SchemaStore.persistent(new SchemaJournal(file)).byId(id)).contains(V1);

        Files.writeString(file, "\n{\"op\":\"config\",\"level\":\"NONE\"}\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        assertThatThrownBy(() -> SchemaStore.persistent(new SchemaJournal(file)))
                .hasMessageContaining("is corrupt at line 2");
    }
}
