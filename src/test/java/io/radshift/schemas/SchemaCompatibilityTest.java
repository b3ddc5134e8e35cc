package io.radshift.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.radshift.avro.DriftAlert;
import io.radshift.avro.StudyEvent;
import io.radshift.avro.StudyInference;
import io.radshift.avro.StudyLabels;
import io.radshift.avro.WindowSummary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaNormalization;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Guards the event contracts: each schema in {@code schemas/} must stay BACKWARD compatible (consumers on the new
 * schema read data written with the old one) with the version last committed, every field must be documented,
 * and no field may look like a patient identifier or free text.
 *
 * <p>The baseline is the committed version when the working tree changed a schema, otherwise the version before
 * the last commit that touched it, so the check means something both before a commit and in CI.
 */
class SchemaCompatibilityTest {

    private static final Path SCHEMAS = Path.of("schemas");

    static Stream<Schema> eventSchemas() {
        return Stream.of(StudyEvent.getClassSchema(), StudyInference.getClassSchema(), StudyLabels.getClassSchema(),
                WindowSummary.getClassSchema(), DriftAlert.getClassSchema());
    }

    @ParameterizedTest
    @MethodSource("eventSchemas")
    void staysBackwardCompatibleWithTheLastCommittedVersion(final Schema current) throws Exception {
        final Optional<Map<String, String>> committed = baselineSchemaTexts();
        Assumptions.assumeTrue(committed.isPresent(), "no committed schema history (not a git checkout or a shallow clone)");
        final Optional<Schema> previous = parseAll(committed.get()).stream()
                .filter(s -> s.getFullName().equals(current.getFullName())).findFirst();
        Assumptions.assumeTrue(previous.isPresent(), current.getName() + " has no committed version yet");

        final SchemaCompatibility.SchemaPairCompatibility result =
                SchemaCompatibility.checkReaderWriterCompatibility(current, previous.get());
        assertThat(result.getType())
                .as("%s is not BACKWARD compatible with its last committed version: %s",
                        current.getName(), result.getResult().getIncompatibilities().stream()
                                .map(i -> i.getType() + " at " + i.getLocation() + " (" + i.getMessage() + ")").toList())
                .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
    }

    @ParameterizedTest
    @MethodSource("eventSchemas")
    void everyFieldIsDocumentedAndNoneCarriesPatientIdentity(final Schema schema) {
        for (Schema record : records(schema, new ArrayList<>())) {
            assertThat(record.getDoc()).as("doc of record %s", record.getFullName()).isNotBlank();
            for (Schema.Field field : record.getFields()) {
                assertThat(field.doc()).as("doc of %s.%s", record.getName(), field.name()).isNotBlank();
                final String name = field.name().toLowerCase(Locale.ROOT);
                assertThat(name).as("%s.%s", record.getName(), field.name())
                        .doesNotContain("patientname", "patientid", "birth", "address", "comment", "report", "note");
            }
        }
    }

    @Test
    void schemaFilesParseAndMatchTheGeneratedClasses() throws IOException {
        final Map<String, String> texts = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(SCHEMAS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".avsc")).toList()) {
                texts.put(file.getFileName().toString(), Files.readString(file));
            }
        }
        // Canonical fingerprints ignore the avro.java.string property the code generator adds.
        final List<Long> parsed = parseAll(texts).stream().map(SchemaNormalization::parsingFingerprint64).toList();
        eventSchemas().forEach(generated -> assertThat(parsed)
                .as("schemas/ holds %s as generated", generated.getName())
                .contains(SchemaNormalization.parsingFingerprint64(generated)));
    }

    /** Parses schemas that reference each other by name, in whatever order their dependencies allow. */
    private static List<Schema> parseAll(final Map<String, String> texts) {
        final List<String> remaining = new ArrayList<>(texts.values());
        final List<String> ordered = new ArrayList<>();
        while (!remaining.isEmpty()) {
            final String next = remaining.stream().filter(text -> parsesAfter(ordered, text)).findFirst()
                    .orElseThrow(() -> new AssertionError("schemas with unresolvable references: " + remaining.size()));
            ordered.add(next);
            remaining.remove(next);
        }
        final Schema.Parser parser = new Schema.Parser();
        return ordered.stream().map(parser::parse).toList();
    }

    private static boolean parsesAfter(final List<String> known, final String text) {
        final Schema.Parser parser = new Schema.Parser();
        try {
            known.forEach(parser::parse);
            parser.parse(text);
            return true;
        } catch (AvroRuntimeException e) {
            return false;
        }
    }

    private static List<Schema> records(final Schema schema, final List<Schema> seen) {
        switch (schema.getType()) {
            case RECORD -> {
                if (!seen.contains(schema)) {
                    seen.add(schema);
                    schema.getFields().forEach(f -> records(f.schema(), seen));
                }
            }
            case ARRAY -> records(schema.getElementType(), seen);
            case MAP -> records(schema.getValueType(), seen);
            case UNION -> schema.getTypes().forEach(t -> records(t, seen));
            default -> {
            }
        }
        return seen;
    }

    /** The committed schema texts to compare with, keyed by file name; empty when there is no git history. */
    private static Optional<Map<String, String>> baselineSchemaTexts() throws IOException, InterruptedException {
        final Optional<String> changed = git("status", "--porcelain", "--", "schemas");
        if (changed.isEmpty()) {
            return Optional.empty();
        }
        final String revision;
        if (!changed.get().isBlank()) {
            revision = "HEAD";
        } else {
            final Optional<String> log = git("log", "-n", "2", "--format=%H", "--", "schemas");
            final String[] commits = log.orElse("").trim().split("\\s+");
            if (commits.length < 2) {
                return Optional.empty();
            }
            revision = commits[1];
        }
        final Optional<String> names = git("ls-tree", "--name-only", revision, "schemas/");
        if (names.isEmpty()) {
            return Optional.empty();
        }
        final Map<String, String> texts = new LinkedHashMap<>();
        for (String name : names.get().split("\\R")) {
            if (name.endsWith(".avsc")) {
                texts.put(name, git("show", revision + ":" + name).orElseThrow());
            }
        }
        return Optional.of(texts);
    }

    private static Optional<String> git(final String... args) throws IOException, InterruptedException {
        final List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        final Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(false).start();
        } catch (IOException e) {
            return Optional.empty();
        }
        final String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return process.waitFor() == 0 ? Optional.of(out) : Optional.empty();
    }
}
