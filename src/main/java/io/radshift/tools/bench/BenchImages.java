package io.radshift.tools.bench;

import io.radshift.data.Manifest;
import io.radshift.inference.decode.DecodeException;
import io.radshift.inference.decode.GreyImage;
import io.radshift.inference.decode.ImageDecoder;
import io.radshift.tools.demo.model.PhantomGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.IntConsumer;

/** The images the inference and decode benchmarks run on, held in memory so that disk speed is not measured. */
public final class BenchImages {

    /** Detector sizes of the full-resolution images, cycled: 2,000 to 3,000 px as CR/DR detectors deliver. */
    private static final int[][] DETECTOR_SIZES = {{2000, 2500}, {2500, 2048}, {3000, 2500}, {2200, 2800}};
    /** The largest shared X-rays (512 px PNG), the best sources to enlarge. */
    private static final String FULL_RESOLUTION_SOURCE = "hannover";

    /**
     * Images with what they are.
     *
     * @param bytes       the encoded images
     * @param description a short description for the output
     */
    public record Selection(List<byte[]> bytes, String description) {
    }

    private BenchImages() {
    }

    /** {@code count} shared X-rays, every {@code n}-th manifest row so that all four sources are in. */
    public static Selection sharedXrays(final Path cxr, final int count) throws IOException {
        final List<Manifest.Row> rows = Manifest.read(cxr.resolve("manifest.csv")).rows();
        final int stride = Math.max(1, rows.size() / count);
        final List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < rows.size() && out.size() < count; i += stride) {
            out.add(Files.readAllBytes(rows.get(i).file()));
        }
        return new Selection(out, "real chest X-rays (every " + stride + "th manifest row)");
    }

    /** {@code count} phantom PNGs of {@code size} px. */
    public static Selection phantoms(final int size, final int count) {
        final PhantomGenerator generator = new PhantomGenerator();
        final PhantomGenerator.Acquisition acquisition = new PhantomGenerator.Acquisition(size, 1.0, 1.0, 0.01, 0.7);
        final List<byte[]> pngs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            pngs.add(generator.png(Set.of(), acquisition, i));
        }
        return new Selection(pngs, "phantom PNGs, " + size + " px");
    }

    /**
     * The sources of the full-resolution images: {@code count} of the 512 px Hannover X-rays, or phantoms of 512 px
     * when the shared data is absent.
     */
    public static List<GreyImage> fullResolutionSources(final Path cxr, final int count) throws IOException, DecodeException {
        final List<GreyImage> out = new ArrayList<>();
        if (cxr != null) {
            final ImageDecoder decoder = new ImageDecoder();
            for (final Manifest.Row row : Manifest.read(cxr.resolve("manifest.csv")).rows()) {
                if (out.size() < count && FULL_RESOLUTION_SOURCE.equals(row.get("source"))) {
                    out.add(decoder.decode(Files.readAllBytes(row.file())).grey());
                }
            }
        }
        final PhantomGenerator phantoms = new PhantomGenerator();
        for (int i = out.size(); i < count; i++) {
            out.add(phantoms.render(Set.of(), new PhantomGenerator.Acquisition(512, 1.0, 1.0, 0.01, 0.7), i));
        }
        return out;
    }

    /** Each source enlarged to a detector size and encoded as {@code kind}; {@code progress} hears each image. */
    public static Selection fullResolution(final List<GreyImage> sources, final HospitalImages.Kind kind,
                                           final IntConsumer progress) {
        final List<byte[]> out = new ArrayList<>(sources.size());
        for (int i = 0; i < sources.size(); i++) {
            final int[] size = DETECTOR_SIZES[i % DETECTOR_SIZES.length];
            out.add(HospitalImages.make(sources.get(i), size[0], size[1], kind, i));
            progress.accept(i + 1);
        }
        return new Selection(out, kind + " " + DETECTOR_SIZES[0][0] + "-" + DETECTOR_SIZES[2][0] + " px");
    }
}
