package io.radshift.tools.embedded.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.radshift.ingest.registry.CompatibilityLevel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * The append-only file that makes {@link SchemaStore} survive a restart: one JSON line per change (a new version
 * of a subject, a compatibility level), replayed in order on start. Replaying the registrations in their original
 * order gives every schema its original id, so records written before a restart still deserialize after it.
 *
 * <p>Each line is written and synced before the registry answers, so a process killed right after a registration
 * still has it. A last line cut short by a crash of the machine is ignored on replay (it was never acknowledged).
 */
final class SchemaJournal {

    /** What the journal tells the store on replay. */
    interface Changes {
        void registered(String subject, Schema schema);

        void levelSet(Optional<String> subject, CompatibilityLevel level);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    SchemaJournal(final Path file) {
        this.file = file;
    }

    /** Replays every complete line of the file, if it exists, in the order written. */
    void replay(final Changes changes) {
        if (!Files.isRegularFile(file)) {
            return;
        }
        final List<String> lines = read();
        for (int i = 0; i < lines.size(); i++) {
            final String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            final JsonNode entry;
            try {
                entry = JSON.readTree(line);
            } catch (IOException e) {
                if (i == lines.size() - 1) {
                    return; // a write cut short by a crash: never acknowledged to a client
                }
                throw new IllegalStateException("schema journal " + file + " is corrupt at line " + (i + 1), e);
            }
            apply(entry, changes);
        }
    }

    void registered(final String subject, final Schema schema) {
        append(JSON.createObjectNode().put("op", "register").put("subject", subject).put("schema", schema.toString()));
    }

    void levelSet(final Optional<String> subject, final CompatibilityLevel level) {
        final ObjectNode entry = JSON.createObjectNode().put("op", "config").put("level", level.name());
        subject.ifPresent(s -> entry.put("subject", s));
        append(entry);
    }

    private static void apply(final JsonNode entry, final Changes changes) {
        final String op = entry.path("op").asText();
        switch (op) {
            case "register" -> changes.registered(entry.path("subject").asText(),
                    new Schema.Parser().parse(entry.path("schema").asText()));
            case "config" -> changes.levelSet(Optional.ofNullable(entry.get("subject")).map(JsonNode::asText),
                    CompatibilityLevel.parse(entry.path("level").asText()));
            default -> throw new IllegalStateException("unknown schema journal entry '" + op + "'");
        }
    }

    private List<String> read() {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the schema journal " + file, e);
        }
    }

    private void append(final JsonNode entry) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, JSON.writeValueAsString(entry) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE, StandardOpenOption.DSYNC);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the schema journal " + file, e);
        }
    }
}
