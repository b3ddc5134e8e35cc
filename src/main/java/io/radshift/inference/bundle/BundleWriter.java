package io.radshift.inference.bundle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Writes a bundle in the exact layout {@link ModelBundle#load(Path)} reads (and {@code tools/export_biomedclip.py}
 * writes): encoder file(s), {@code prompts.bin}, then {@code bundle.json} with the content hash of those files.
 */
public final class BundleWriter {

    private BundleWriter() {
    }

    /**
     * Writes the bundle into {@code dir} (created if needed) and returns the manifest with its content hash.
     *
     * @param manifest    every field except the content hash, which is computed here (its value is ignored)
     * @param encoder     the serialised fp32 ONNX model
     * @param encoderFp16 the serialised fp16 ONNX model, when {@code manifest.files()} names one
     */
    public static BundleManifest write(final Path dir, final BundleManifest manifest, final byte[] encoder,
                                       final Optional<byte[]> encoderFp16, final PromptEmbeddings prompts) throws IOException {
        if (manifest.files().encoderFp16().isPresent() != encoderFp16.isPresent()) {
            throw new IllegalArgumentException("files.encoderFp16 and the fp16 model bytes must both be present or absent");
        }
        Files.createDirectories(dir);
        Files.write(dir.resolve(manifest.files().encoder()), encoder);
        if (encoderFp16.isPresent()) {
            Files.write(dir.resolve(manifest.files().encoderFp16().get()), encoderFp16.get());
        }
        prompts.write(dir.resolve(manifest.files().prompts()));
        final BundleManifest hashed = manifest.withContentHash(BundleHash.compute(dir, manifest.files().hashedFiles()));
        hashed.write(dir);
        return hashed;
    }
}
