package io.radshift.tools.embedded.registry;

import io.radshift.ingest.registry.CompatibilityLevel;
import io.radshift.ingest.registry.SchemaRegistryException;
import io.radshift.ingest.registry.RegisteredSchema;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.avro.Schema;

/**
 * In-memory storage behind {@link EmbeddedSchemaRegistry}, with Confluent's semantics: ids are global and
 * stable (an identical schema gets the same id under every subject), versions count per subject, and a new
 * version must satisfy the subject's compatibility level (or the global one). Every method is
 * {@code synchronized}: registrations are rare and must be atomic (check, assign id, append version).
 * In memory only, unless made {@link #persistent}: then every change is journaled before it takes effect and the
 * store starts from the journal, so a sandbox restart keeps its schemas and ids.
 */
final class SchemaStore {

    private final Map<String, Integer> idsByCanonicalText = new HashMap<>();
    private final Map<Integer, Schema> schemasById = new HashMap<>();
    private final Map<String, List<Integer>> idsBySubject = new TreeMap<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    private CompatibilityLevel globalLevel = CompatibilityLevel.BACKWARD;
    private Optional<SchemaJournal> journal = Optional.empty();

    /** A store that lives in memory only. */
    SchemaStore() {
    }

    /** A store that starts from {@code journal} (when it exists) and journals every change to it. */
    static SchemaStore persistent(final SchemaJournal journal) {
        final SchemaStore store = new SchemaStore();
        journal.replay(new SchemaJournal.Changes() {
            @Override
            public void registered(final String subject, final Schema schema) {
                store.register(subject, schema);
            }

            @Override
            public void levelSet(final Optional<String> subject, final CompatibilityLevel level) {
                subject.ifPresentOrElse(s -> store.setSubjectLevel(s, level), () -> store.setGlobalLevel(level));
            }
        });
        store.journal = Optional.of(journal);
        return store;
    }

    /**
     * Registers a schema under a subject; returns its existing id if it is already a version there.
     *
     * @throws SchemaRegistryException 409 with the reasons when the level forbids it
     */
    synchronized int register(final String subject, final Schema schema) {
        final Optional<RegisteredSchema> existing = find(subject, schema);
        if (existing.isPresent()) {
            return existing.get().id();
        }
        final List<String> reasons = incompatibilities(subject, schema, versions(subject));
        if (!reasons.isEmpty()) {
            throw new SchemaRegistryException("Schema being registered is incompatible with an earlier schema for"
                    + " subject \"" + subject + "\", details: " + reasons, 409, SchemaRegistryException.INCOMPATIBLE_SCHEMA);
        }
        journal(j -> j.registered(subject, schema));
        final int id = idsByCanonicalText.computeIfAbsent(schema.toString(), text -> schemasById.size() + 1);
        schemasById.putIfAbsent(id, schema);
        idsBySubject.computeIfAbsent(subject, key -> new ArrayList<>()).add(id);
        return id;
    }

    /** The version of a subject equal to a schema. */
    synchronized Optional<RegisteredSchema> find(final String subject, final Schema schema) {
        final Integer id = idsByCanonicalText.get(schema.toString());
        return id == null ? Optional.empty() : versions(subject).stream().filter(v -> v.id() == id).findFirst();
    }

    synchronized boolean hasSubject(final String subject) {
        return idsBySubject.containsKey(subject);
    }

    /** The versions of a subject, oldest first; empty for an unknown subject. */
    synchronized List<RegisteredSchema> versions(final String subject) {
        final List<Integer> ids = idsBySubject.getOrDefault(subject, List.of());
        final List<RegisteredSchema> versions = new ArrayList<>(ids.size());
        for (int index = 0; index < ids.size(); index++) {
            versions.add(new RegisteredSchema(subject, ids.get(index), index + 1, schemasById.get(ids.get(index))));
        }
        return versions;
    }

    synchronized Optional<Schema> byId(final int id) {
        return Optional.ofNullable(schemasById.get(id));
    }

    /** Every (subject, version) that uses a schema id, in subject order. */
    synchronized List<RegisteredSchema> usesOf(final int id) {
        final List<RegisteredSchema> uses = new ArrayList<>();
        for (final String subject : idsBySubject.keySet()) {
            versions(subject).stream().filter(v -> v.id() == id).forEach(uses::add);
        }
        return uses;
    }

    synchronized List<String> subjects() {
        return List.copyOf(idsBySubject.keySet());
    }

    /** The reasons a schema could not be the next version of a subject, checked against {@code against}. */
    synchronized List<String> incompatibilities(final String subject, final Schema schema,
                                                final List<RegisteredSchema> against) {
        return CompatibilityChecker.incompatibilities(level(subject), schema, against);
    }

    /** The level in force for a subject. */
    synchronized CompatibilityLevel level(final String subject) {
        return subjectLevels.getOrDefault(subject, globalLevel);
    }

    synchronized Optional<CompatibilityLevel> subjectLevel(final String subject) {
        return Optional.ofNullable(subjectLevels.get(subject));
    }

    synchronized CompatibilityLevel globalLevel() {
        return globalLevel;
    }

    synchronized void setGlobalLevel(final CompatibilityLevel level) {
        journal(j -> j.levelSet(Optional.empty(), level));
        globalLevel = level;
    }

    synchronized void setSubjectLevel(final String subject, final CompatibilityLevel level) {
        journal(j -> j.levelSet(Optional.of(subject), level));
        subjectLevels.put(subject, level);
    }

    /** Journals a change before it takes effect: a change the journal could not keep is refused (HTTP 500). */
    private void journal(final Consumer<SchemaJournal> write) {
        journal.ifPresent(write);
    }
}
