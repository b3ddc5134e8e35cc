package io.radshift.inference.bundle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * The parsed {@code bundle.json} of a model bundle.
 *
 * <p>Example:
 * <pre>{@code
 * {"formatVersion": 1, "modelId": "biomedclip-vit-b16", "version": "2024-01", "inputSize": 224,
 *  "inputChannels": 3, "mean": [0.481, 0.458, 0.408], "std": [0.269, 0.261, 0.276], "embeddingDim": 512,
 *  "logitScale": 100.0, "labels": ["Atelectasis", ...],
 *  "files": {"encoder": "encoder.onnx", "encoderFp16": "encoder-fp16.onnx", "prompts": "prompts.bin"},
 *  "contentHash": "sha256:..."}
 * }</pre>
 *
 * @param mean per-channel normalisation mean, applied to pixels in [0, 1] ({@code (x - mean) / std})
 * @param std  per-channel normalisation standard deviation
 */
public record BundleManifest(int formatVersion, String modelId, String version, int inputSize, int inputChannels,
                             double[] mean, double[] std, int embeddingDim, double logitScale, List<String> labels,
                             BundleFiles files, String contentHash) {

    /** The only format version this loader reads. */
    public static final int FORMAT_VERSION = 1;
    /** File name of the manifest inside a bundle directory. */
    public static final String FILE_NAME = "bundle.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Copies the arrays and list so the record is effectively immutable. */
    public BundleManifest {
        mean = mean.clone();
        std = std.clone();
        labels = List.copyOf(labels);
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[] std() {
        return std.clone();
    }

    /** The same manifest with another content hash (used by writers once the files exist). */
    public BundleManifest withContentHash(final String hash) {
        return new BundleManifest(formatVersion, modelId, version, inputSize, inputChannels, mean, std, embeddingDim,
                logitScale, labels, files, hash);
    }

    /** Reads {@code dir/bundle.json}, failing with a message naming the missing or malformed field. */
    public static BundleManifest read(final Path dir) throws InvalidBundleException {
        final Path file = dir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new InvalidBundleException(dir, "missing file " + FILE_NAME);
        }
        final JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (final IOException e) {
            throw new InvalidBundleException(dir, FILE_NAME + " is not valid JSON: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""), e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidBundleException(dir, FILE_NAME + " must hold a JSON object");
        }
        final BundleManifest manifest = fromJson(dir, root);
        manifest.validate(dir);
        return manifest;
    }

    private static BundleManifest fromJson(final Path dir, final JsonNode root) throws InvalidBundleException {
        final Fields f = new Fields(dir, root);
        final JsonNode files = f.object("files");
        final Fields ff = new Fields(dir, files);
        final BundleFiles bundleFiles = new BundleFiles(ff.text("encoder"),
                files.hasNonNull("encoderFp16") ? Optional.of(ff.text("encoderFp16")) : Optional.empty(),
                ff.text("prompts"));
        return new BundleManifest(f.integer("formatVersion"), f.text("modelId"), f.text("version"),
                f.integer("inputSize"), f.integer("inputChannels"), f.numbers("mean"), f.numbers("std"),
                f.integer("embeddingDim"), f.number("logitScale"), f.texts("labels"), bundleFiles,
                f.text("contentHash"));
    }

    private void validate(final Path dir) throws InvalidBundleException {
        check(dir, formatVersion == FORMAT_VERSION, "formatVersion " + formatVersion + " unsupported (expected " + FORMAT_VERSION + ")");
        check(dir, inputSize > 0, "inputSize must be positive, got " + inputSize);
        check(dir, inputChannels == 1 || inputChannels == 3, "inputChannels must be 1 or 3, got " + inputChannels);
        check(dir, mean.length == inputChannels && std.length == inputChannels,
                "mean and std need " + inputChannels + " values (one per channel), got " + mean.length + " and " + std.length);
        for (final double s : std) {
            check(dir, s > 0 && Double.isFinite(s), "std values must be positive, got " + s);
        }
        check(dir, embeddingDim > 0, "embeddingDim must be positive, got " + embeddingDim);
        check(dir, logitScale > 0 && Double.isFinite(logitScale), "logitScale must be positive and finite, got " + logitScale);
        check(dir, !labels.isEmpty(), "labels must not be empty");
        check(dir, new HashSet<>(labels).size() == labels.size(), "labels must be unique: " + labels);
        check(dir, contentHash.startsWith(BundleHash.PREFIX), "contentHash must start with " + BundleHash.PREFIX);
    }

    private static void check(final Path dir, final boolean ok, final String problem) throws InvalidBundleException {
        if (!ok) {
            throw new InvalidBundleException(dir, FILE_NAME + ": " + problem);
        }
    }

    /** Writes this manifest as {@code dir/bundle.json} with a fixed field order. */
    public void write(final Path dir) throws IOException {
        Files.writeString(dir.resolve(FILE_NAME), toJson() + "\n");
    }

    /** The JSON text of this manifest. */
    public String toJson() {
        final ObjectNode root = JSON.createObjectNode();
        root.put("formatVersion", formatVersion).put("modelId", modelId).put("version", version)
                .put("inputSize", inputSize).put("inputChannels", inputChannels);
        numbers(root.putArray("mean"), mean);
        numbers(root.putArray("std"), std);
        root.put("embeddingDim", embeddingDim).put("logitScale", logitScale);
        labels.forEach(root.putArray("labels")::add);
        final ObjectNode filesNode = root.putObject("files");
        filesNode.put("encoder", files.encoder());
        files.encoderFp16().ifPresent(name -> filesNode.put("encoderFp16", name));
        filesNode.put("prompts", files.prompts());
        root.put("contentHash", contentHash);
        try {
            return JSON.writeValueAsString(root);
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain values always serialises", e);
        }
    }

    private static void numbers(final ArrayNode array, final double[] values) {
        for (final double v : values) {
            array.add(v);
        }
    }

    /** Typed, error-reporting access to the fields of one JSON object. */
    private record Fields(Path dir, JsonNode node) {

        JsonNode require(final String name) throws InvalidBundleException {
            final JsonNode value = node.get(name);
            if (value == null || value.isNull()) {
                throw new InvalidBundleException(dir, FILE_NAME + ": missing field '" + name + "'");
            }
            return value;
        }

        private InvalidBundleException wrongType(final String name, final String expected, final JsonNode value) {
            return new InvalidBundleException(dir, FILE_NAME + ": field '" + name + "' must be " + expected + ", got " + value);
        }

        int integer(final String name) throws InvalidBundleException {
            final JsonNode value = require(name);
            if (!value.canConvertToInt() || !value.isIntegralNumber()) {
                throw wrongType(name, "an integer", value);
            }
            return value.intValue();
        }

        double number(final String name) throws InvalidBundleException {
            final JsonNode value = require(name);
            if (!value.isNumber()) {
                throw wrongType(name, "a number", value);
            }
            return value.doubleValue();
        }

        String text(final String name) throws InvalidBundleException {
            final JsonNode value = require(name);
            if (!value.isTextual() || value.textValue().isBlank()) {
                throw wrongType(name, "a non-empty string", value);
            }
            return value.textValue();
        }

        JsonNode object(final String name) throws InvalidBundleException {
            final JsonNode value = require(name);
            if (!value.isObject()) {
                throw wrongType(name, "an object", value);
            }
            return value;
        }

        double[] numbers(final String name) throws InvalidBundleException {
            final JsonNode value = require(name);
            if (!value.isArray()) {
                throw wrongType(name, "an array of numbers", value);
            }
            final double[] out = new double[value.size()];
            for (int i = 0; i < out.length; i++) {
                if (!value.get(i).isNumber()) {
                    throw wrongType(name, "an array of numbers", value);
                }
                out[i] = value.get(i).doubleValue();
            }
            return out;
        }

        List<String> texts(final String name) throws InvalidBundleException {
            final JsonNode value = require(name);
            if (!value.isArray()) {
                throw wrongType(name, "an array of strings", value);
            }
            final List<String> out = new ArrayList<>(value.size());
            for (final JsonNode item : value) {
                if (!item.isTextual()) {
                    throw wrongType(name, "an array of strings", value);
                }
                out.add(item.textValue());
            }
            return out;
        }
    }
}
