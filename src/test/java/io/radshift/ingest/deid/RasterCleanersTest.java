package io.radshift.ingest.deid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.radshift.data.SharedData;
import io.radshift.inference.decode.ImageDecoder;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** {@link PngCleaner} and {@link JpegCleaner}: metadata gone, pixels decoded exactly as before. */
class RasterCleanersTest {

    private final ImageDecoder decoder = new ImageDecoder();

    @Test
    void pngTextPrivateChunksAndTrailingBytesAreRemoved() throws Exception {
        final byte[] marked = MarkedImages.png(encode(gradient(), "png"));
        assertThat(ascii(marked)).contains(MarkedDicom.MARKER + "-PNG-TEXT");

        final byte[] clean = PngCleaner.clean(marked);

        assertThat(ascii(clean)).doesNotContain(MarkedDicom.MARKER).contains("IHDR", "IDAT").endsWith("IEND\u00AEB`\u0082");
        assertThat(decoder.decode(clean).grey().pixels()).isEqualTo(decoder.decode(marked).grey().pixels());
    }

    @Test
    void jpegExifCommentsAndTrailingBytesAreRemoved() throws Exception {
        final byte[] marked = MarkedImages.jpeg(encode(gradient(), "jpeg"));
        assertThat(ascii(marked)).contains(MarkedDicom.MARKER + "-JPEG-EXIF");

        final byte[] clean = JpegCleaner.clean(marked);

        assertThat(ascii(clean)).doesNotContain(MarkedDicom.MARKER);
        assertThat(clean).endsWith(0xFF, 0xD9);
        assertThat(decoder.decode(clean).grey().pixels()).isEqualTo(decoder.decode(marked).grey().pixels());
    }

    @Test
    void truncatedFilesAreCorruptAndTheMessageQuotesNothing() throws IOException {
        final byte[] png = MarkedImages.png(encode(gradient(), "png"));
        final byte[] jpeg = MarkedImages.jpeg(encode(gradient(), "jpeg"));

        for (byte[] truncated : List.of(Arrays.copyOf(png, 120), Arrays.copyOf(jpeg, jpeg.length / 2))) {
            assertThatThrownBy(() -> {
                if (truncated[0] == (byte) 0x89) {
                    PngCleaner.clean(truncated);
                } else {
                    JpegCleaner.clean(truncated);
                }
            }).isInstanceOfSatisfying(DeidentificationException.class, e -> {
                assertThat(e.reason()).isEqualTo(DeidentificationException.CORRUPT_IMAGE);
                assertThat(e.getMessage()).doesNotContain(MarkedDicom.MARKER);
            });
        }
    }

    @Test
    void realImagesDecodeExactlyAsBefore() throws Exception {
        final Optional<Path> cxr = SharedData.cxr();
        Assumptions.assumeTrue(cxr.isPresent(), SharedData.absentMessage());
        for (String folder : List.of("kermany/test/PNEUMONIA", "kermany/test/NORMAL", "hannover", "ieee8023_other_sites",
                "nih_64px", "misc_torchxrayvision")) {
            final List<Path> files;
            try (Stream<Path> listed = Files.list(cxr.get().resolve(folder))) {
                files = listed.filter(Files::isRegularFile).sorted().limit(8).toList();
            }
            assertThat(files).as(folder).isNotEmpty();
            for (Path file : files) {
                final byte[] original = Files.readAllBytes(file);
                final byte[] clean = (original[0] & 0xFF) == 0x89 ? PngCleaner.clean(original) : JpegCleaner.clean(original);
                assertThat(clean.length).as(file.toString()).isLessThanOrEqualTo(original.length);
                assertThat(decoder.decode(clean).grey().pixels()).as(file.toString())
                        .isEqualTo(decoder.decode(original).grey().pixels());
            }
        }
    }

    private static BufferedImage gradient() {
        final BufferedImage image = new BufferedImage(48, 40, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 40; y++) {
            for (int x = 0; x < 48; x++) {
                image.getRaster().setSample(x, y, 0, (x * 5 + y * 3) % 256);
            }
        }
        return image;
    }

    private static byte[] encode(final BufferedImage image, final String format) throws IOException {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(image, format, out)).isTrue();
        return out.toByteArray();
    }

    private static String ascii(final byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
