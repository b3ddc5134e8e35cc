package io.radshift.inference.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.radshift.avro.AcquisitionMetadata;
import io.radshift.avro.ImageFormat;
import io.radshift.avro.StudyEvent;
import io.radshift.config.ImageUriRoots;
import io.radshift.inference.ImageInput;
import io.radshift.inference.decode.DecodeException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a study's image comes from, and the reason codes when it cannot be had. */
class ImageSourceTest {

    private static final byte[] IMAGE = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3, 4, 5, 6};

    @TempDir
    Path dir;

    private HttpServer server;
    private String base;

    @BeforeEach
    void startServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/image.png", exchange -> {
            exchange.sendResponseHeaders(200, IMAGE.length);
            exchange.getResponseBody().write(IMAGE);
            exchange.close();
        });
        server.createContext("/slow.png", exchange -> {
            try {
                Thread.sleep(3_000);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void inlineBytesComeFirst() throws Exception {
        assertThat(source(100).bytesOf(StudyFixtures.withImage("s", 1, IMAGE))).containsExactly(IMAGE);
    }

    @Test
    void readsFileAndHttpUris() throws Exception {
        final Path file = Files.write(dir.resolve("a.png"), IMAGE);
        assertThat(source(100).bytesOf(StudyFixtures.withUri("s", 1, file.toUri().toString()))).containsExactly(IMAGE);
        assertThat(source(100).bytesOf(StudyFixtures.withUri("s", 1, base + "/image.png"))).containsExactly(IMAGE);
    }

    @Test
    void reasonCodesForEveryWayAnImageCannotBeHad() throws Exception {
        final Path file = Files.write(dir.resolve("a.png"), IMAGE);
        assertReason(source(100), StudyFixtures.withoutImage("s", 1), ImageSource.MISSING_IMAGE);
        assertReason(source(100), StudyFixtures.withUri("s", 1, base + "/absent.png"), ImageSource.IMAGE_UNREADABLE);
        assertReason(source(100), StudyFixtures.withUri("s", 1, "s3://bucket/a.png"), ImageSource.URI_NOT_ALLOWED);
        assertReason(source(100), StudyFixtures.withUri("s", 1, "not a uri"), ImageSource.IMAGE_UNREADABLE);
        assertReason(source(5), StudyFixtures.withUri("s", 1, file.toUri().toString()), DecodeException.TOO_LARGE);
        assertReason(source(5), StudyFixtures.withUri("s", 1, base + "/image.png"), DecodeException.TOO_LARGE);
    }

    @Test
    void uriOutsideTheConfiguredRootsIsNotAllowed() throws Exception {
        final Path other = Files.createDirectories(dir.resolve("elsewhere"));
        final Path file = Files.write(other.resolve("b.png"), IMAGE);
        final Path images = Files.createDirectories(dir.resolve("images"));
        final ImageSource source = new ImageSource(100, Duration.ofSeconds(5), roots(images.toUri().toString()));
        assertReason(source, StudyFixtures.withUri("s", 1, file.toUri().toString()), ImageSource.URI_NOT_ALLOWED);
        assertReason(source, StudyFixtures.withUri("s", 1, images.toUri() + "../elsewhere/b.png"), ImageSource.URI_NOT_ALLOWED);
        assertReason(source, StudyFixtures.withUri("s", 1, "file:///dev/zero"), ImageSource.URI_NOT_ALLOWED);
        assertReason(source, StudyFixtures.withUri("s", 1, base + "/image.png"), ImageSource.URI_NOT_ALLOWED);
        assertReason(source, StudyFixtures.withUri("s", 1, "s3://bucket/a.png"), ImageSource.URI_NOT_ALLOWED);
    }

    @Test
    void withoutRootsOnlyInlineImagesAreAccepted() throws Exception {
        final Path file = Files.write(dir.resolve("a.png"), IMAGE);
        final ImageSource inlineOnly = new ImageSource(100, Duration.ofSeconds(5));
        assertReason(inlineOnly, StudyFixtures.withUri("s", 1, file.toUri().toString()), ImageSource.URI_NOT_ALLOWED);
        assertThat(inlineOnly.bytesOf(StudyFixtures.withImage("s", 1, IMAGE))).containsExactly(IMAGE);
    }

    @Test
    void aSymbolicLinkOutOfTheRootIsNotFollowed() throws Exception {
        final Path secret = Files.write(dir.resolve("secret.png"), IMAGE);
        final Path images = Files.createDirectories(dir.resolve("images"));
        final Path link = Files.createSymbolicLink(images.resolve("link.png"), secret);
        final ImageSource source = new ImageSource(100, Duration.ofSeconds(5), roots(images.toUri().toString()));
        assertReason(source, StudyFixtures.withUri("s", 1, link.toUri().toString()), ImageSource.URI_NOT_ALLOWED);
    }

    @Test
    void anEndlessDeviceUnderAnAllowedRootStopsAtTheByteLimit() {
        final ImageSource source = new ImageSource(1_000, Duration.ofSeconds(5), roots("file:///dev/"));
        assertReason(source, StudyFixtures.withUri("s", 1, "file:///dev/zero"), ImageSource.URI_NOT_ALLOWED);
    }

    @Test
    void aRedirectIsNotFollowed() {
        server.createContext("/redirect.png", exchange -> {
            exchange.getResponseHeaders().add("Location", "http://169.254.169.254/latest/meta-data/");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        assertReason(source(100), StudyFixtures.withUri("s", 1, base + "/redirect.png"), ImageSource.IMAGE_UNREADABLE);
    }

    @Test
    void aStudyAsScorerInputCarriesItsHintsAndFetchesItsImageOnlyWhenAsked() throws Exception {
        final Path file = dir.resolve("later.png");
        final StudyEvent study = StudyEvent.newBuilder(StudyFixtures.withUri("s", 1, file.toUri().toString()))
                .setImageFormat(ImageFormat.JPEG)
                .setMetadata(AcquisitionMetadata.newBuilder().setPhotometricInterpretation("MONOCHROME1").build()).build();
        final ImageInput input = source(100).inputOf(study);
        Files.write(file, IMAGE);

        assertThat(input.bytes()).containsExactly(IMAGE);
        assertThat(input.declaredFormat()).isEqualTo(ImageFormat.JPEG);
        assertThat(input.photometricInterpretation()).isEqualTo("MONOCHROME1");
        final ImageInput bare = source(100).inputOf(StudyEvent.newBuilder(StudyFixtures.withImage("s", 2, IMAGE)).setMetadata(null).build());
        assertThat(bare.photometricInterpretation()).isNull();
        assertThat(bare.declaredFormat()).isEqualTo(ImageFormat.PNG);
        assertThatThrownBy(() -> source(100).inputOf(StudyFixtures.withoutImage("s", 3)).bytes())
                .isInstanceOf(DecodeException.class)
                .satisfies(e -> assertThat(((DecodeException) e).reason()).isEqualTo(ImageSource.MISSING_IMAGE));
    }

    @Test
    void aSlowServerTimesOut() {
        final ImageSource impatient = new ImageSource(100, Duration.ofMillis(300), roots(base + "/"));
        final long start = System.nanoTime();
        assertReason(impatient, StudyFixtures.withUri("s", 1, base + "/slow.png"), ImageSource.IMAGE_UNREADABLE);
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(2.5);
    }

    private ImageSource source(final long maxBytes) {
        return new ImageSource(maxBytes, Duration.ofSeconds(5), roots(dir.toUri().toString(), base + "/"));
    }

    private static List<java.net.URI> roots(final String... roots) {
        return ImageUriRoots.parse(List.of(roots));
    }

    private static void assertReason(final ImageSource source, final StudyEvent study, final String reason) {
        assertThatThrownBy(() -> source.bytesOf(study)).isInstanceOf(DecodeException.class)
                .satisfies(e -> assertThat(((DecodeException) e).reason()).isEqualTo(reason));
    }
}
