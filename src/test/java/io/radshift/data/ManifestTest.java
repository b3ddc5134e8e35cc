package io.radshift.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestTest {

    @TempDir
    Path dir;

    @Test
    void readsQuotedFieldsAndFiltersByColumn() throws IOException {
        final Path csv = write("file,site,label\n"
                + "a/1.png,\"Hannover, DE\",covid19\n"
                + "a/2.png,\"Say \"\"hi\"\"\",normal\n"
                + "b/3.png,Guangzhou,normal\n");
        final Manifest manifest = Manifest.read(csv);

        assertThat(manifest.rows()).hasSize(3);
        assertThat(manifest.rows().get(0).get("site")).isEqualTo("Hannover, DE");
        assertThat(manifest.rows().get(1).get("site")).isEqualTo("Say \"hi\"");
        assertThat(manifest.rows().get(2).file()).isEqualTo(dir.resolve("b/3.png"));
        assertThat(manifest.where(List.of("label=normal"))).hasSize(2);
        assertThat(manifest.where(List.of("label=normal", "site=Guangzhou"))).hasSize(1);
        assertThat(manifest.where(List.of("label=covid19|normal"))).hasSize(3);
    }

    @Test
    void rejectsUnknownColumnsAndBadRows() throws IOException {
        final Manifest manifest = Manifest.read(write("file,label\nx.png,normal\n"));
        assertThatThrownBy(() -> manifest.where(List.of("colour=red"))).hasMessageContaining("unknown column 'colour'");
        assertThatThrownBy(() -> manifest.where(List.of("label"))).hasMessageContaining("column=value");
        assertThatThrownBy(() -> Manifest.read(write("file,label\nx.png\n"))).hasMessageContaining("line 2");
        assertThatThrownBy(() -> Manifest.read(write("name,label\n"))).hasMessageContaining("no 'file' column");
    }

    @Test
    void readsTheSharedManifestWhenPresent() throws IOException {
        final var cxr = SharedData.cxr();
        org.junit.jupiter.api.Assumptions.assumeTrue(cxr.isPresent(), SharedData.absentMessage());
        final Manifest manifest = Manifest.read(cxr.get().resolve("manifest.csv"));
        assertThat(manifest.rows()).hasSize(7074);
        assertThat(manifest.where(List.of("source=kermany", "split=train"))).hasSize(4099);
        assertThat(manifest.rows()).allSatisfy(row -> assertThat(row.file()).exists());
    }

    private Path write(final String text) throws IOException {
        final Path csv = Files.createTempFile(dir, "m", ".csv");
        Files.writeString(csv, text);
        return csv;
    }
}
