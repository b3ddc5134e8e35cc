package io.radshift.tools.demo.model;

import io.radshift.inference.decode.DecodeException;
import io.radshift.inference.decode.GreyImage;
import io.radshift.inference.decode.ImageDecoder;
import io.radshift.inference.decode.Resampler;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The labelled reference images of a demo bundle, resized and normalised to encoder input, with the input
 * normalisation (mean/std over all reference pixels) it used.
 */
final class ReferenceSet {

    /** Approximate CheXpert-like prevalences of the phantom reference set; Pleural Other and Pneumothorax are rare. */
    static final Map<String, Double> PHANTOM_PREVALENCE = prevalence();

    private final int inputSize;
    private final List<String> labels;
    private final List<float[]> tensors;
    private final boolean[][] positives;
    private final double pixelMean;
    private final double pixelStd;

    private ReferenceSet(final int inputSize, final List<String> labels, final List<float[]> resized, final boolean[][] positives) {
        this.inputSize = inputSize;
        this.labels = List.copyOf(labels);
        this.positives = positives;
        double sum = 0;
        double sumSq = 0;
        long n = 0;
        for (final float[] image : resized) {
            for (final float v : image) {
                sum += v;
                sumSq += (double) v * v;
                n++;
            }
        }
        this.pixelMean = sum / n;
        this.pixelStd = Math.sqrt(Math.max(1e-12, sumSq / n - pixelMean * pixelMean));
        for (final float[] image : resized) {
            for (int i = 0; i < image.length; i++) {
                image[i] = (float) ((image[i] - pixelMean) / pixelStd);
            }
        }
        this.tensors = resized;
    }

    private static Map<String, Double> prevalence() {
        final Map<String, Double> p = new LinkedHashMap<>();
        final double[] values = {0.15, 0.12, 0.07, 0.12, 0.05, 0.04, 0.05, 0.2, 0, 0.15, 0.03, 0.06, 0.03, 0.2};
        for (int i = 0; i < values.length; i++) {
            p.put(ChexpertLabels.ALL.get(i), values[i]);
        }
        return Map.copyOf(p);
    }

    static ReferenceSet fromPhantoms(final int count, final int inputSize, final long seed) {
        final PhantomStudySampler sampler = PhantomStudySampler.reference(seed);
        final List<String> labels = ChexpertLabels.ALL;
        final List<float[]> resized = new ArrayList<>(count);
        final boolean[][] positives = new boolean[count][labels.size()];
        for (int i = 0; i < count; i++) {
            final PhantomStudySampler.PhantomImage drawn = sampler.nextImage();
            for (int l = 0; l < labels.size(); l++) {
                positives[i][l] = labels.get(l).equals(ChexpertLabels.NO_FINDING)
                        ? drawn.findings().isEmpty() : drawn.findings().contains(labels.get(l));
            }
            resized.add(Resampler.resize(drawn.image(), inputSize, inputSize));
        }
        return new ReferenceSet(inputSize, labels, resized, positives);
    }

    static ReferenceSet fromImages(final LabelledImages images, final int inputSize) throws IOException {
        final ImageDecoder decoder = new ImageDecoder();
        final List<float[]> resized = new ArrayList<>(images.files().size());
        final List<Integer> labelIndex = new ArrayList<>();
        for (int i = 0; i < images.files().size(); i++) {
            try {
                final GreyImage grey = decoder.decode(Files.readAllBytes(images.files().get(i))).grey();
                resized.add(Resampler.resize(grey, inputSize, inputSize));
                labelIndex.add(images.labelNames().indexOf(images.labelOf().get(i)));
            } catch (final DecodeException e) {
                throw new IOException("reference image " + images.files().get(i) + " cannot be decoded (" + e.reason() + "): " + e.getMessage(), e);
            }
        }
        final boolean[][] positives = new boolean[resized.size()][images.labelNames().size()];
        for (int i = 0; i < resized.size(); i++) {
            positives[i][labelIndex.get(i)] = true;
        }
        return new ReferenceSet(inputSize, images.labelNames(), resized, positives);
    }

    int size() {
        return tensors.size();
    }

    int inputSize() {
        return inputSize;
    }

    List<float[]> tensors() {
        return tensors;
    }

    boolean[][] positives() {
        return positives;
    }

    List<String> labels() {
        return labels;
    }

    double pixelMean() {
        return pixelMean;
    }

    double pixelStd() {
        return pixelStd;
    }
}
