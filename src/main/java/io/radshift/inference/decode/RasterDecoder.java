package io.radshift.inference.decode;

import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.SampleModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes PNG (8/16-bit, grey, RGB, palette) and JPEG with {@code javax.imageio} and hands the image on as
 * {@link GreyRows} read straight from the decoded raster ({@link RasterRows}).
 *
 * <p>The declared size is read from the header ({@link ImageReader#getWidth(int)}) and checked against the pixel
 * limit before any pixel is decoded. A decoder warning (e.g. a truncated JPEG that ImageIO would silently pad with
 * grey) counts as corruption. Readers are reused per thread ({@link ReaderCache}) and the bytes are read from
 * memory: creating a reader and ImageIO's default file-backed stream cache cost more than decoding a 224 px JPEG.
 */
final class RasterDecoder {

    private RasterDecoder() {
    }

    /**
     * Decodes {@code bytes} and passes the rows to {@code use} while the decoded raster's memory is leased from
     * {@code budget}; returns what {@code use} returns.
     */
    static <T> T decode(final byte[] bytes, final String formatName, final DecoderLimits limits,
                        final DecodeBudget budget, final GreyRows.Use<T> use) throws DecodeException {
        final ImageReader reader = ReaderCache.take(formatName);
        boolean reusable = false;
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            reader.setInput(in, true, true);
            final long width = reader.getWidth(0);
            final long height = reader.getHeight(0);
            checkDeclaredSize(width, height, limits);
            final long decodedBytes = width * height * (rasterBytesPerPixel(reader) + Float.BYTES);
            limits.checkDecodedBytes(width, height, decodedBytes);
            final T result;
            try (DecodeBudget.Lease lease = budget.acquire(decodedBytes)) {
                result = use.apply(read(reader, formatName));
            }
            reusable = true;
            return result;
        } catch (final IOException | RuntimeException e) {
            throw new DecodeException(DecodeException.CORRUPT, "cannot decode " + formatName + ": " + e.getMessage(), e);
        } finally {
            ReaderCache.give(formatName, reader, reusable);
        }
    }

    private static GreyRows read(final ImageReader reader, final String formatName) throws IOException, DecodeException {
        final List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
        final BufferedImage image = reader.read(0);
        if (!warnings.isEmpty()) {
            throw new DecodeException(DecodeException.CORRUPT, formatName + " decoder warning: " + warnings.get(0));
        }
        return RasterRows.of(image);
    }

    /**
     * Bytes per pixel of the raster the reader will allocate, from the header's raw image type; 8 (16-bit RGBA, the
     * largest PNG layout) when the reader cannot tell.
     */
    private static int rasterBytesPerPixel(final ImageReader reader) throws IOException {
        final ImageTypeSpecifier type = reader.getRawImageType(0);
        if (type == null) {
            return 8;
        }
        final SampleModel model = type.getSampleModel(1, 1);
        return Math.max(1, model.getNumDataElements() * DataBuffer.getDataTypeSize(model.getDataType()) / Byte.SIZE);
    }

    static void checkDeclaredSize(final long width, final long height, final DecoderLimits limits) throws DecodeException {
        if (width < 1 || height < 1) {
            throw new DecodeException(DecodeException.CORRUPT, "declared size " + width + "x" + height + " is empty");
        }
        if (width * height > limits.maxPixels()) {
            throw new DecodeException(DecodeException.TOO_LARGE, "declared size " + width + "x" + height + " exceeds the limit of "
                    + limits.maxPixels() + " pixels (possible decompression bomb)");
        }
    }
}
