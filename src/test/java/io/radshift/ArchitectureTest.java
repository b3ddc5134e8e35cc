package io.radshift;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.Arrays;

/**
 * Keeps the package layout of ARCHITECTURE.md true of the production code: the layers (foundation, stages
 * bottom-up, wiring, offline, tools, renderers, command line), no import cycles between packages, and a
 * statistics core without Kafka. A rule that fails names the offending class and dependency; move the code to
 * the right layer rather than loosening the rule.
 */
@AnalyzeClasses(packages = "io.radshift", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String[] FOUNDATION = {"Avro", "Config", "Ops", "Data", "Stats"};
    private static final String[] PIPELINE =
            {"Ingest", "Topics", "Inference", "Window", "Detect", "Alert", "Topology", "App", "Offline"};

    /** Each layer imports only the layers below it; every production class belongs to one layer. */
    @ArchTest
    static final ArchRule layers = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .ensureAllClassesAreContainedInArchitecture()
            .layer("Avro").definedBy("io.radshift.avro..")
            .layer("Config").definedBy("io.radshift.config..")
            .layer("Ops").definedBy("io.radshift.ops..")
            .layer("Data").definedBy("io.radshift.data..")
            .layer("Stats").definedBy("io.radshift.stats..")
            .layer("Ingest").definedBy("io.radshift.ingest..")
            .layer("Topics").definedBy("io.radshift.topics..")
            .layer("Inference").definedBy("io.radshift.inference..")
            .layer("Window").definedBy("io.radshift.window..")
            .layer("Detect").definedBy("io.radshift.detect..")
            .layer("Alert").definedBy("io.radshift.alert..")
            .layer("Topology").definedBy("io.radshift.topology..")
            .layer("App").definedBy("io.radshift.app..")
            .layer("Offline").definedBy("io.radshift.offline..")
            .layer("Embedded").definedBy("io.radshift.tools.embedded..")
            .layer("DemoModel").definedBy("io.radshift.tools.demo.model..")
            .layer("Demo").definedBy("io.radshift.tools.demo")
            .layer("Bench").definedBy("io.radshift.tools.bench..")
            .layer("Report").definedBy("io.radshift.report..")
            .layer("Cli").definedBy("io.radshift.cli..")
            .whereLayer("Avro").mayNotAccessAnyLayer()
            .whereLayer("Config").mayNotAccessAnyLayer()
            .whereLayer("Ops").mayNotAccessAnyLayer()
            .whereLayer("Data").mayNotAccessAnyLayer()
            .whereLayer("Stats").mayNotAccessAnyLayer()
            .whereLayer("Ingest").mayOnlyAccessLayers(below())
            .whereLayer("Topics").mayOnlyAccessLayers(below("Ingest"))
            .whereLayer("Inference").mayOnlyAccessLayers(below("Ingest", "Topics"))
            .whereLayer("Window").mayOnlyAccessLayers(below("Ingest", "Topics", "Inference"))
            .whereLayer("Detect").mayOnlyAccessLayers(below("Ingest", "Topics", "Inference", "Window"))
            .whereLayer("Alert").mayOnlyAccessLayers(below("Ingest", "Topics", "Inference", "Window", "Detect"))
            .whereLayer("Topology").mayOnlyAccessLayers(
                    below("Ingest", "Topics", "Inference", "Window", "Detect", "Alert"))
            .whereLayer("App").mayOnlyAccessLayers(
                    below("Ingest", "Topics", "Inference", "Window", "Detect", "Alert", "Topology"))
            .whereLayer("Offline").mayOnlyAccessLayers(below("Inference", "Window"))
            .whereLayer("Embedded").mayOnlyAccessLayers(below(PIPELINE))
            .whereLayer("DemoModel").mayOnlyAccessLayers(below(concat(PIPELINE, "Embedded")))
            .whereLayer("Demo").mayOnlyAccessLayers(below(concat(PIPELINE, "Embedded", "DemoModel")))
            .whereLayer("Bench").mayOnlyAccessLayers(below(concat(PIPELINE, "Embedded", "DemoModel", "Demo")))
            .whereLayer("Report").mayOnlyAccessLayers(below("Offline", "Bench"))
            .because("data flows up the stages (ingest < topics < inference < window < detect < alert < topology"
                    + " < app) on a foundation (avro, config, ops, data, stats) that imports no other package, so"
                    + " each stage can be read and tested with only what lies below it; offline reuses the scoring"
                    + " and windowing without Kafka; tools (embedded < demo.model < demo < bench) drive the"
                    + " pipeline, which never depends on them, on the renderers in report or on the command line"
                    + " in cli, which sits on top");

    /** No package cycle among io.radshift's top-level packages. */
    @ArchTest
    static final ArchRule noCyclesBetweenTopLevelPackages = slices().matching("io.radshift.(*)..")
            .should().beFreeOfCycles()
            .because("a cycle between packages means neither can be understood, tested or changed without the"
                    + " other, and hides the direction the data flows");

    /** No cycle among the statistics core's packages, its root package included. */
    @ArchTest
    static final ArchRule noCyclesInsideStats = slices().assignedFrom(subPackagesOf("io.radshift.stats"))
            .should().beFreeOfCycles()
            .because("the statistics core is the most tested code: sketches, maths and metrics must stay usable"
                    + " and testable without the profile and drift tests built on them");

    /** No cycle among the inference packages, its root package included. */
    @ArchTest
    static final ArchRule noCyclesInsideInference = slices().assignedFrom(subPackagesOf("io.radshift.inference"))
            .should().beFreeOfCycles()
            .because("bundles, decoding and the ONNX model are shared by the stream, baseline, assess and the"
                    + " benchmarks and must not depend on the Kafka processor that uses them");

    /** The statistics core imports nothing from Kafka. */
    @ArchTest
    static final ArchRule statsFreeOfKafka = noClasses().that().resideInAPackage("io.radshift.stats..")
            .should().dependOnClassesThat().resideInAPackage("org.apache.kafka..")
            .because("the statistics core is plain Java so the same code serves the stream, baseline, assess and"
                    + " the benchmarks, and is tested without a broker");

    /** The foundation layers plus the given ones: what a layer above them may import. */
    private static String[] below(final String... layers) {
        return concat(FOUNDATION, layers);
    }

    private static String[] concat(final String[] first, final String... second) {
        final String[] all = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }

    /**
     * One slice per direct sub-package of {@code root} (with everything below it), and one for {@code root}
     * itself, which {@code slices().matching("root.(*)..")} would leave out of the cycle check.
     */
    private static SliceAssignment subPackagesOf(final String root) {
        return new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(final JavaClass javaClass) {
                final String name = javaClass.getPackageName();
                if (name.equals(root)) {
                    return SliceIdentifier.of(root);
                }
                if (!name.startsWith(root + ".")) {
                    return SliceIdentifier.ignore();
                }
                final String rest = name.substring(root.length() + 1);
                final int dot = rest.indexOf('.');
                return SliceIdentifier.of(root + "." + (dot < 0 ? rest : rest.substring(0, dot)));
            }

            @Override
            public String getDescription() {
                return "the packages directly under " + root + " and " + root + " itself";
            }
        };
    }
}
