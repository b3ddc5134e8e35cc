package io.radshift.report.explain;

import io.radshift.offline.explain.Explanation;
import io.radshift.offline.explain.OcclusionMap;
import io.radshift.stats.profile.ExplanationReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the explanations of {@code radshift explain} into a folder: per study the grey image and one PNG overlay
 * per occlusion map ({@link HeatOverlay}), thumbnails of the reference exemplars when their images are at hand, and
 * one self-contained HTML page ({@value #PAGE}: inline CSS, images as files next to it, no script, font or anything
 * from the network) with a title and a colour legend per map. Studies are named by their position on the command
 * line (and their pseudonymous id when known), never by file name: file names may carry patient identifiers.
 */
public final class ExplainPage {

    /** File name of the page. */
    public static final String PAGE = "explain.html";

    private static final String STYLE = """
        body{font-family:"DejaVu Sans",Arial,Helvetica,sans-serif;margin:16px;color:#222;background:#f7f7f7}
        h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 6px;border-bottom:2px solid #ccc}
        .meta{color:#555;font-size:13px}.summary{font-size:14px;margin:6px 0}.notes{font-size:12px;color:#7a4b00}
        .maps{display:flex;flex-wrap:wrap;gap:14px}figure{margin:0;background:#fff;border:1px solid #ddd;padding:8px}
        figcaption{font-size:13px;font-weight:bold;margin-bottom:6px;max-width:330px}
        .legend{display:flex;align-items:center;gap:6px;font-size:11px;margin-top:6px}
        .bar{width:180px;height:12px;border:1px solid #999;background:linear-gradient(to right,
        rgb(16,80,240),rgb(128,128,128),rgb(224,32,16))}.caption{font-size:11px;color:#444;max-width:330px}
        table{border-collapse:collapse;font-size:12px;background:#fff;margin:4px 0 12px}
        th,td{border:1px solid #ccc;padding:3px 6px;text-align:left}th{background:#eee}.rare{font-weight:bold;color:#8a5a00}
        img.thumb{width:96px;height:96px;image-rendering:pixelated}
        """;

    /**
     * One explained study.
     *
     * @param name        how the page names it, e.g. "image 2" or "study SITE-0a1b..."
     * @param explanation the explanation
     */
    public record Study(String name, Explanation explanation) {
    }

    /**
     * What the page says about where the explanations come from.
     *
     * @param profileId   the reference profile's id
     * @param modelId     the bundle's model id
     * @param cells       occlusion positions per axis
     * @param patch       occlusion patch side in model input pixels
     * @param generatedAt when, as text (UTC)
     */
    public record Context(String profileId, String modelId, int cells, int patch, String generatedAt) {
    }

    private ExplainPage() {
    }

    /**
     * Writes every study's images and the page into {@code dir} (created if needed) and returns the page's path.
     *
     * @param exemplarImages grey images (model input size) of reference exemplars by their profile name; those
     *                       missing are listed without a thumbnail
     */
    public static Path write(final Path dir, final Context context, final List<Study> studies,
                             final Map<String, float[]> exemplarImages, final List<String> notes) throws IOException {
        Files.createDirectories(dir);
        final StringBuilder html = new StringBuilder(16 * 1024);
        final String title = "RadShift explanation of " + studies.size() + (studies.size() == 1 ? " study" : " studies");
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").append(escape(title))
            .append("</title>\n<style>").append(STYLE).append("</style>\n</head>\n<body>\n<h1>").append(escape(title))
            .append("</h1>\n<p class=\"meta\">").append(escape(meta(context))).append("</p>\n");
        for (final String note : notes) {
            html.append("<p class=\"notes\">").append(escape(note)).append("</p>\n");
        }
        final List<String> exemplarFiles = new ArrayList<>();
        for (int i = 0; i < studies.size(); i++) {
            study(dir, html, i + 1, studies.get(i), exemplarImages, exemplarFiles);
        }
        html.append("</body>\n</html>\n");
        final Path page = dir.resolve(PAGE);
        Files.writeString(page, html, StandardCharsets.UTF_8);
        return page;
    }

    private static String meta(final Context c) {
        return String.format(Locale.ROOT, "Reference profile %s, model %s. Occlusion: a grey patch of %d px (model "
                + "input pixels) at %d x %d positions; each map shows how much the output fell when that region was "
                + "greyed out. Generated %s UTC. Nothing here leaves the hospital.", c.profileId(), c.modelId(),
            c.patch(), c.cells(), c.cells(), c.generatedAt());
    }

    private static void study(final Path dir, final StringBuilder html, final int number, final Study study,
                              final Map<String, float[]> exemplarImages, final List<String> exemplarFiles)
        throws IOException {
        final Explanation e = study.explanation();
        final String prefix = String.format(Locale.ROOT, "study-%02d", number);
        html.append("<h2 id=\"").append(prefix).append("\">").append(escape(study.name())).append("</h2>\n");
        html.append("<p class=\"summary\">").append(escape(noveltyLine(e))).append("</p>\n");
        exemplars(dir, html, e, exemplarImages, exemplarFiles);
        scores(html, e);
        html.append("<div class=\"maps\">\n");
        HeatOverlay.write(HeatOverlay.grey(e.grey(), e.size()), dir.resolve(prefix + ".png"));
        html.append("<figure><figcaption>the image as the model sees it (").append(e.size()).append(" x ")
            .append(e.size()).append(" px)</figcaption><img src=\"").append(prefix).append(".png\" alt=\"")
            .append(escape(study.name())).append("\" width=\"320\" height=\"320\"></figure>\n");
        for (int m = 0; m < e.maps().size(); m++) {
            final String file = prefix + "-" + (m == 0 ? "novelty" : "label-" + slug(e.rare().get(m - 1))) + ".png";
            HeatOverlay.write(HeatOverlay.overlay(e.grey(), e.size(), e.maps().get(m)), dir.resolve(file));
            map(html, e.maps().get(m), file);
        }
        html.append("</div>\n");
    }

    private static String noveltyLine(final Explanation e) {
        final String rank = e.percentile().isPresent()
            ? String.format(Locale.ROOT, "more novel than %.1f %% of the reference's studies", e.percentile().getAsDouble())
            : "its rank among the reference's studies is unavailable: the profile keeps no novelty distribution "
                + "(built before explain existed; rebuild it with radshift baseline)";
        return String.format(Locale.ROOT, "Novelty %.4f (distance of its embedding to the reference mean): %s.",
            e.novelty(), rank);
    }

    private static void exemplars(final Path dir, final StringBuilder html, final Explanation e,
                                  final Map<String, float[]> images, final List<String> written) throws IOException {
        if (e.exemplars().isEmpty()) {
            html.append("<p class=\"notes\">Reference exemplars are unavailable: the profile keeps no reference "
                + "medoids (built before explain existed; rebuild it with radshift baseline).</p>\n");
            return;
        }
        html.append("<table><caption>Nearest reference exemplars (medoids of the reference)</caption>\n")
            .append("<tr><th>reference image</th><th>distance</th><th>reference studies it stands for</th>"
                + "<th>image</th></tr>\n");
        for (final ExplanationReference.Neighbour n : e.exemplars()) {
            final String name = n.medoid().image();
            html.append("<tr><td>").append(escape(name)).append("</td><td>")
                .append(String.format(Locale.ROOT, "%.4f", n.distance())).append("</td><td>")
                .append(n.medoid().members()).append("</td><td>");
            final float[] grey = images.get(name);
            if (grey == null) {
                html.append("(not at hand: give --reference-images)");
            } else {
                final String file = exemplarFile(dir, name, grey, written);
                html.append("<img class=\"thumb\" src=\"").append(file).append("\" alt=\"reference exemplar\">");
            }
            html.append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    private static String exemplarFile(final Path dir, final String name, final float[] grey, final List<String> written)
        throws IOException {
        int index = written.indexOf(name);
        if (index < 0) {
            written.add(name);
            index = written.size() - 1;
            final int size = (int) Math.round(Math.sqrt(grey.length));
            HeatOverlay.write(HeatOverlay.grey(grey, size), dir.resolve(exemplarName(index)));
        }
        return exemplarName(index);
    }

    private static String exemplarName(final int index) {
        return String.format(Locale.ROOT, "exemplar-%02d.png", index + 1);
    }

    private static void scores(final StringBuilder html, final Explanation e) {
        html.append("<table><caption>Label scores</caption>\n<tr><th>label</th><th>score</th><th>rare in the "
            + "reference</th></tr>\n");
        for (int i = 0; i < e.labels().size(); i++) {
            final boolean rare = e.rare().contains(e.labels().get(i));
            html.append("<tr").append(rare ? " class=\"rare\"" : "").append("><td>").append(escape(e.labels().get(i)))
                .append("</td><td>").append(String.format(Locale.ROOT, "%.3f", e.scores()[i])).append("</td><td>")
                .append(rare ? "yes" : "no").append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    private static void map(final StringBuilder html, final OcclusionMap map, final String file) {
        final double max = map.maxAbsChange();
        final int strongest = map.strongest();
        html.append("<figure><figcaption>").append(escape(map.title()))
            .append(String.format(Locale.ROOT, ": %.4f", map.output())).append("</figcaption><img src=\"").append(file)
            .append("\" alt=\"").append(escape("occlusion map of " + map.title())).append("\" width=\"320\" height=\"320\">")
            .append("<div class=\"legend\"><span>").append(String.format(Locale.ROOT, "%+.4f", -max))
            .append("</span><span class=\"bar\"></span><span>").append(String.format(Locale.ROOT, "%+.4f", max))
            .append("</span></div><p class=\"caption\">Change when greyed out; red: the region raises it, blue: the "
                + "region lowers it. ")
            .append(max == 0 ? "No region moves it."
                : String.format(Locale.ROOT, "Strongest: row %d, column %d of %d (%+.4f).", strongest / map.cells() + 1,
                    strongest % map.cells() + 1, map.cells(), map.change()[strongest]))
            .append("</p></figure>\n");
    }

    private static String slug(final String label) {
        return label.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static String escape(final String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
