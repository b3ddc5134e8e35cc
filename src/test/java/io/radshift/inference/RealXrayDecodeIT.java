package io.radshift.inference;

import static org.assertj.core.api.Assertions.assertThat;

import io.radshift.data.Manifest;
import io.radshift.data.SharedData;
import io.radshift.inference.decode.DecodeException;
import io.radshift.inference.decode.DecodedImage;
import io.radshift.inference.decode.ImageDecoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Every kermany, hannover and ieee8023 X-ray of the shared manifest decodes at the size the manifest states. */
class RealXrayDecodeIT {

    @Test
    void allManifestXraysDecodeWithPlausibleQuality() throws Exception {
        final Optional<Path> cxr = SharedData.cxr();
        Assumptions.assumeTrue(cxr.isPresent(), SharedData.absentMessage());
        final List<Manifest.Row> rows = Manifest.read(cxr.get().resolve("manifest.csv"))
                .where(List.of("source=kermany|hannover|ieee8023_other_sites"));
        assertThat(rows).hasSizeGreaterThan(6000);
        final ImageDecoder decoder = new ImageDecoder();
        final List<String> failures = new ArrayList<>();
        for (final Manifest.Row row : rows) {
            try {
                final DecodedImage image = decoder.decode(Files.readAllBytes(row.file()));
                if (image.grey().width() != Integer.parseInt(row.get("w")) || image.grey().height() != Integer.parseInt(row.get("h"))
                        || !(image.quality().getContrast() > 0.02)) {
                    failures.add(row.get("file") + ": " + image.grey().width() + "x" + image.grey().height()
                            + " contrast " + image.quality().getContrast());
                }
            } catch (final DecodeException e) {
                failures.add(row.get("file") + ": " + e.reason() + " " + e.getMessage());
            }
        }
        assertThat(failures).isEmpty();
    }
}
