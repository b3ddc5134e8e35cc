package io.radshift.tools.demo.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.radshift.data.Manifest;
import io.radshift.inference.bundle.ModelBundle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Demo bundles built from labelled image folders and manifests instead of the built-in phantom set. */
class LabelledReferenceTest {

    @Test
    void bundleFromLabelFoldersAndFromAManifestUseTheirLabels(@TempDir final Path dir) throws Exception {
        final PhantomGenerator generator = new PhantomGenerator();
        final Path images = dir.resolve("images");
        final StringBuilder csv = new StringBuilder("file,label\n");
        for (int i = 0; i < 12; i++) {
            final boolean enlarged = i % 2 == 0;
            final String label = enlarged ? "cardiomegaly" : "normal";
            final Path file = images.resolve(label).resolve("img" + i + ".png");
            Files.createDirectories(file.getParent());
            Files.write(file, generator.png(enlarged ? Set.of("Cardiomegaly") : Set.of(), PhantomGenerator.Acquisition.nominal(), i));
            csv.append("images/").append(label).append("/img").append(i).append(".png,").append(label).append('\n');
        }
        final LabelledImages fromFolders = LabelledImages.fromDirectory(images);
        assertThat(fromFolders.labelNames()).containsExactly("cardiomegaly", "normal");
        assertThat(fromFolders.files()).hasSize(12);
        final ModelBundle bundle = DemoBundleBuilder.build(dir.resolve("bundle"),
                DemoBundleBuilder.Options.defaults().withReference(fromFolders));
        assertThat(bundle.labels()).containsExactly("cardiomegaly", "normal");
        assertThat(bundle.manifest().embeddingDim()).isEqualTo(128);

        final Path manifestFile = dir.resolve("manifest.csv");
        Files.writeString(manifestFile, csv, StandardCharsets.UTF_8);
        final LabelledImages fromManifest = LabelledImages.fromManifest(Manifest.read(manifestFile).rows(), "label");
        final ModelBundle viaManifest = DemoBundleBuilder.build(dir.resolve("bundle2"),
                DemoBundleBuilder.Options.defaults().withReference(fromManifest));
        // same images and labels, in another order: same prototypes up to float summation order
        assertThat(viaManifest.labels()).isEqualTo(List.of("cardiomegaly", "normal"));
        for (int d = 0; d < 128; d++) {
            assertThat(viaManifest.prompts().positive(0)[d]).isCloseTo(bundle.prompts().positive(0)[d],
                    org.assertj.core.api.Assertions.within(1e-4f));
        }
    }
}
