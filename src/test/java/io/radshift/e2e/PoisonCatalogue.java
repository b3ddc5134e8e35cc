package io.radshift.e2e;

import io.radshift.avro.ImageFormat;
import io.radshift.avro.ImageQuality;
import io.radshift.avro.LabelScore;
import io.radshift.avro.LabelTruth;
import io.radshift.avro.StudyEvent;
import io.radshift.avro.StudyInference;
import io.radshift.avro.StudyLabels;
import io.radshift.avro.TruthValue;
import io.radshift.inference.decode.DecodeException;
import io.radshift.inference.stream.ImageSource;
import io.radshift.ingest.DeadLetters;
import io.radshift.ingest.SiteIds;
import io.radshift.topics.Topics;
import io.radshift.window.InputChecks;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/**
 * The named poison inputs of the README's "Bad input" table: each is one Kafka record for one of RadShift's input
 * topics and the dead-letter reason it must end with. Studies are keyed (and, unless the poison is about the key,
 * sited) {@link #SITE}; their images are built here from nothing but bytes, so each poison is exactly what it says.
 */
final class PoisonCatalogue {

    /** The site every poison claims to come from (unless its point is the site id or the key). */
    static final String SITE = "site-poison";

    /** Where a poison goes. */
    enum Input { STUDIES, INFERENCES, LABELS }

    /**
     * One poison input.
     *
     * @param name   its name (also sent as the {@link #NAME_HEADER} header, which the dead letter keeps)
     * @param input  the topic it is sent to
     * @param reason the dead-letter reason it must get
     * @param record its key and value bytes, built with the running pipeline's serdes
     */
    record Poison(String name, Input input, String reason, Function<Context, Bytes> record) {
    }

    /** A record's key and value; either may be null. */
    record Bytes(String key, byte[] value) {
    }

    /** Header naming the poison on the produced record. */
    static final String NAME_HEADER = "poison.name";

    /**
     * What the records are built with.
     *
     * @param topics    the running pipeline's topics and serdes
     * @param dimension the reference profile's embedding dimension
     * @param labels    the reference profile's labels
     * @param imageRoot the configured {@code model.imageUriRoots} entry
     * @param now       the event time of every poison
     */
    record Context(Topics topics, int dimension, List<String> labels, String imageRoot, Instant now) {

        byte[] study(final StudyEvent event) {
            return topics.studies().valueSerde().serializer().serialize(topics.studies().name(), event);
        }

        byte[] inference(final StudyInference inference) {
            return topics.inferences().valueSerde().serializer().serialize(topics.inferences().name(), inference);
        }

        byte[] labels(final StudyLabels labels) {
            return topics.studyLabels().valueSerde().serializer().serialize(topics.studyLabels().name(), labels);
        }

        StudyEvent.Builder event(final String name) {
            return StudyEvent.newBuilder().setStudyId("poison-" + name).setSiteId(SITE).setEventTime(now)
                    .setImageFormat(ImageFormat.PNG);
        }

        Bytes image(final String name, final byte[] image) {
            return new Bytes(SITE, study(event(name).setImage(ByteBuffer.wrap(image)).build()));
        }

        Bytes uri(final String name, final String uri) {
            return new Bytes(SITE, study(event(name).setImageUri(uri).build()));
        }

        StudyInference.Builder scored(final String name, final List<Float> embedding) {
            final List<LabelScore> scores = labels.stream().map(l -> new LabelScore(l, 0.5f)).toList();
            return StudyInference.newBuilder().setStudyId("poison-" + name).setSiteId(SITE).setEventTime(now)
                    .setModelId("m").setBundleHash("h").setEmbedding(embedding).setScores(scores)
                    .setQuality(ImageQuality.newBuilder().setMeanIntensity(0.5).setContrast(0.2).setSharpness(0.01).setNoise(0.01)
                            .setSaturatedFraction(0).setOriginalWidth(64).setOriginalHeight(64).setBitDepth(8).build())
                    .setExecutionProvider("CPU").setInferenceLatencyMs(1).setBatchSize(1);
        }

        List<Float> embedding(final int size, final float value) {
            return new ArrayList<>(Collections.nCopies(size, value));
        }

        StudyLabels.Builder truth(final String name) {
            return StudyLabels.newBuilder().setStudyId("poison-" + name).setSiteId(SITE).setEventTime(now)
                    .setLabels(List.of(new LabelTruth(labels.get(0), TruthValue.POSITIVE))).setSource("report");
        }
    }

    private PoisonCatalogue() {
    }

    /** Every poison, in the README's order. */
    static List<Poison> all() {
        final List<Poison> out = new ArrayList<>();
        final String corrupt = DecodeException.CORRUPT;
        final String tooLarge = DecodeException.TOO_LARGE;
        study(out, "truncated-png", corrupt, c -> c.image("truncated-png", Arrays.copyOf(png(), png().length / 2)));
        study(out, "png-bomb-dimensions", tooLarge, c -> c.image("png-bomb-dimensions", pngHeader(100_000, 100_000, 8, 0)));
        study(out, "png-16bit-rgba-bomb", tooLarge, c -> c.image("png-16bit-rgba-bomb", pngHeader(7000, 7000, 16, 6)));
        study(out, "jpeg-huge-dimensions", tooLarge, c -> c.image("jpeg-huge-dimensions", jpegWithSize(65_000, 65_000)));
        study(out, "wrong-magic", DecodeException.UNSUPPORTED, c -> c.image("wrong-magic", "GIF89a\1\0\1\0".getBytes(StandardCharsets.US_ASCII)));
        study(out, "empty-image", DecodeException.EMPTY, c -> c.image("empty-image", new byte[0]));
        study(out, "no-image", ImageSource.MISSING_IMAGE, c -> new Bytes(SITE, c.study(c.event("no-image").build())));
        study(out, "over-byte-limit", tooLarge, c -> c.image("over-byte-limit", Arrays.copyOf(png(), 300_000)));
        study(out, "dicom-item-length-wraps", corrupt, c -> c.image("dicom-item-length-wraps",
                dicom().sequence().tag(0xFFFE, 0xE000).u32(0xFFFFFFF0L).bytes()));
        study(out, "dicom-deep-nesting", corrupt, c -> c.image("dicom-deep-nesting", deeplyNested()));
        study(out, "dicom-length-fffffff4", corrupt, c -> c.image("dicom-length-fffffff4",
                dicom().tag(0x0010, 0x0010).ascii("OB").u16(0).u32(0xFFFFFFF4L).bytes()));
        study(out, "dicom-compressed", DecodeException.DICOM_COMPRESSED, c -> c.image("dicom-compressed",
                new Dicom("1.2.840.10008.1.2.4.50").bytes()));
        study(out, "dicom-big-endian", DecodeException.DICOM_UNSUPPORTED, c -> c.image("dicom-big-endian",
                new Dicom("1.2.840.10008.1.2.2").bytes()));
        study(out, "dicom-no-pixel-data", corrupt, c -> c.image("dicom-no-pixel-data", dicom().bytes()));
        study(out, "uri-dev-zero", ImageSource.URI_NOT_ALLOWED, c -> c.uri("uri-dev-zero", "file:///dev/zero"));
        study(out, "uri-http", ImageSource.URI_NOT_ALLOWED, c -> c.uri("uri-http", "http://example.org/xray.png"));
        study(out, "uri-path-traversal", ImageSource.URI_NOT_ALLOWED, c -> c.uri("uri-path-traversal", c.imageRoot() + "../../../../etc/passwd"));
        study(out, "avro-wrong-magic", DeadLetters.MALFORMED_EVENT, c -> new Bytes(SITE, new byte[] {1, 0, 0, 0, 1, 2, 4}));
        study(out, "avro-not-avro", DeadLetters.MALFORMED_EVENT, c -> new Bytes(SITE, "{\"studyId\": 1}".getBytes(StandardCharsets.UTF_8)));
        study(out, "avro-unknown-schema-id", DeadLetters.UNKNOWN_SCHEMA_ID, c -> new Bytes(SITE, new byte[] {0, 0, 0, 0x7f, 0x7f, 2, 4}));
        study(out, "avro-2gb-string", DeadLetters.MALFORMED_EVENT, c -> new Bytes(SITE, withBody(c.study(c.event("x").build()),
                new byte[] {(byte) 0xF0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F, 'a', 'b'})));
        study(out, "avro-truncated", DeadLetters.MALFORMED_EVENT, c -> {
            final byte[] whole = c.image("avro-truncated", png()).value();
            return new Bytes(SITE, Arrays.copyOf(whole, whole.length / 2));
        });
        study(out, "avro-wrong-record-type", DeadLetters.INCOMPATIBLE_SCHEMA, c -> new Bytes(SITE, c.labels(c.truth("wrong-type").build())));
        study(out, "studies-tombstone", DeadLetters.TOMBSTONE, c -> new Bytes(SITE, null));
        final String huge = "s".repeat(65_536);
        study(out, "site-id-64kb", SiteIds.INVALID_SITE_ID, c -> new Bytes(huge, c.study(c.event("site-id-64kb").setSiteId(huge)
                .setImage(ByteBuffer.wrap(png())).build())));
        study(out, "key-site-mismatch", SiteIds.KEY_SITE_MISMATCH, c -> new Bytes("site-other", c.image("key-site-mismatch", png()).value()));
        study(out, "null-key", SiteIds.KEY_SITE_MISMATCH, c -> new Bytes(null, c.image("null-key", png()).value()));
        inference(out, "inferences-tombstone", InputChecks.TOMBSTONE, c -> new Bytes(SITE, null));
        inference(out, "wrong-embedding-dimension", InputChecks.WRONG_DIMENSION, c -> new Bytes(SITE,
                c.inference(c.scored("dim", c.embedding(c.dimension() + 1, 0.1f)).build())));
        inference(out, "nan-embedding", InputChecks.NON_FINITE, c -> new Bytes(SITE,
                c.inference(c.scored("nan", c.embedding(c.dimension(), Float.NaN)).build())));
        inference(out, "score-above-one", InputChecks.NON_FINITE, c -> {
            final StudyInference.Builder b = c.scored("score", c.embedding(c.dimension(), 0.1f));
            final List<LabelScore> scores = new ArrayList<>(b.getScores());
            scores.set(0, new LabelScore(c.labels().get(0), 1.5f));
            b.setScores(scores);
            return new Bytes(SITE, c.inference(b.build()));
        });
        inference(out, "unknown-labels", InputChecks.LABEL_MISMATCH, c -> new Bytes(SITE, c.inference(c.scored("labels",
                c.embedding(c.dimension(), 0.1f)).setScores(List.of(new LabelScore("not-a-label", 0.5f))).build())));
        inference(out, "inference-bad-site-id", SiteIds.INVALID_SITE_ID, c -> new Bytes("site x!", c.inference(c.scored("site",
                c.embedding(c.dimension(), 0.1f)).setSiteId("site x!").build())));
        labels(out, "labels-tombstone", InputChecks.TOMBSTONE, c -> new Bytes(SITE, null));
        labels(out, "labels-key-site-mismatch", SiteIds.KEY_SITE_MISMATCH, c -> new Bytes("site-other", c.labels(c.truth("k").build())));
        labels(out, "labels-malformed-avro", DeadLetters.MALFORMED_EVENT, c -> new Bytes(SITE, new byte[] {0, 0, 0, 0}));
        return out;
    }

    private static void study(final List<Poison> out, final String name, final String reason, final Function<Context, Bytes> record) {
        out.add(new Poison(name, Input.STUDIES, reason, record));
    }

    private static void inference(final List<Poison> out, final String name, final String reason, final Function<Context, Bytes> record) {
        out.add(new Poison(name, Input.INFERENCES, reason, record));
    }

    private static void labels(final List<Poison> out, final String name, final String reason, final Function<Context, Bytes> record) {
        out.add(new Poison(name, Input.LABELS, reason, record));
    }

    /** The wire-format header of {@code payload} followed by {@code body}. */
    private static byte[] withBody(final byte[] payload, final byte[] body) {
        final byte[] out = Arrays.copyOf(payload, 5 + body.length);
        System.arraycopy(body, 0, out, 5, body.length);
        return out;
    }

    /** A valid 32x32 grey PNG. */
    static byte[] png() {
        return encode(new BufferedImage(32, 32, BufferedImage.TYPE_BYTE_GRAY), "png");
    }

    /** A valid 16x16 grey JPEG whose frame header declares {@code width x height}. */
    private static byte[] jpegWithSize(final int width, final int height) {
        final byte[] jpeg = encode(new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY), "jpeg");
        for (int i = 2; i + 8 < jpeg.length; i++) {
            if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == 0xC0) {
                jpeg[i + 5] = (byte) (height >> 8);
                jpeg[i + 6] = (byte) height;
                jpeg[i + 7] = (byte) (width >> 8);
                jpeg[i + 8] = (byte) width;
                return jpeg;
            }
        }
        throw new IllegalStateException("no SOF0 in the JPEG");
    }

    private static byte[] encode(final BufferedImage image, final String format) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, format, out);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A PNG signature, an IHDR declaring the given size and layout, an empty IDAT and IEND: small, claims a lot. */
    private static byte[] pngHeader(final int width, final int height, final int bitDepth, final int colourType) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) bitDepth).put((byte) colourType)
                .put((byte) 0).put((byte) 0).put((byte) 0).array());
        chunk(out, "IDAT", new byte[] {0x78, (byte) 0x9C, 0x03, 0x00});
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(final ByteArrayOutputStream out, final String type, final byte[] data) {
        final byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        final CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    private static Dicom dicom() {
        return new Dicom("1.2.840.10008.1.2.1");
    }

    private static byte[] deeplyNested() {
        final Dicom dicom = dicom();
        for (int i = 0; i < 200; i++) {
            dicom.sequence().tag(0xFFFE, 0xE000).u32(0xFFFFFFFFL);
        }
        return dicom.bytes();
    }

    /** A DICOM Part 10 header with a transfer syntax, followed by hand-written (hostile) elements. */
    private static final class Dicom {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Dicom(final String transferSyntax) {
            out.writeBytes(new byte[128]);
            ascii("DICM");
            final byte[] syntax = (transferSyntax + "\0").getBytes(StandardCharsets.US_ASCII);
            tag(0x0002, 0x0010).ascii("UI").u16(syntax.length);
            out.writeBytes(syntax);
        }

        /** An undefined-length Referenced Study Sequence header. */
        Dicom sequence() {
            return tag(0x0008, 0x1110).ascii("SQ").u16(0).u32(0xFFFFFFFFL);
        }

        Dicom tag(final int group, final int element) {
            return u16(group).u16(element);
        }

        Dicom ascii(final String text) {
            out.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
            return this;
        }

        Dicom u16(final int v) {
            out.write(v & 0xFF);
            out.write(v >> 8 & 0xFF);
            return this;
        }

        Dicom u32(final long v) {
            return u16((int) (v & 0xFFFF)).u16((int) (v >> 16 & 0xFFFF));
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
