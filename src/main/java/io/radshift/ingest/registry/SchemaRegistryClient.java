package io.radshift.ingest.registry;


import java.util.List;
import org.apache.avro.Schema;

/**
 * The subset of the Confluent Schema Registry API RadShift uses.
 *
 * <p>Implementations talk to a real Confluent registry or to RadShift's embedded registry (the demo's and tests'); both speak the
 * same REST protocol. Every failure is a {@link SchemaRegistryException} carrying the Confluent error code.
 * Implementations are thread-safe: one client is shared by every serializer of a process.
 */
public interface SchemaRegistryClient {

    /**
     * Registers a schema under a subject, or returns the id it already has there.
     *
     * @return the registry-wide schema id
     * @throws SchemaRegistryException 409 when incompatible with earlier versions, 42201 when invalid
     */
    int register(String subject, Schema schema);

    /**
     * The schema with a registry-wide id.
     *
     * @throws SchemaRegistryException 40403 when no schema has this id
     */
    Schema getById(int id);

    /**
     * Finds the version of a subject equal to the given schema, without registering it.
     *
     * @throws SchemaRegistryException 40401 when the subject is unknown, 40403 when the schema is not under it
     */
    RegisteredSchema lookup(String subject, Schema schema);

    /**
     * The latest version of a subject.
     *
     * @throws SchemaRegistryException 40401 when the subject is unknown
     */
    RegisteredSchema latest(String subject);

    /**
     * A given version of a subject.
     *
     * @throws SchemaRegistryException 40401 for an unknown subject, 40402 for an unknown version
     */
    RegisteredSchema version(String subject, int version);

    /** Every subject that has at least one version. */
    List<String> subjects();

    /**
     * Whether a schema could be registered as the next version of a subject under its compatibility level.
     * A subject with no versions accepts any valid schema.
     */
    CompatibilityResult testCompatibility(String subject, Schema schema);

    /** The registry-wide default compatibility level. */
    CompatibilityLevel getCompatibility();

    /** The level in force for a subject: its own level, or the global one when it has none. */
    CompatibilityLevel getCompatibility(String subject);

    /** Sets the registry-wide default compatibility level. */
    void setCompatibility(CompatibilityLevel level);

    /** Sets a subject's own compatibility level. */
    void setCompatibility(String subject, CompatibilityLevel level);
}
