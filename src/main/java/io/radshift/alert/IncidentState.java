package io.radshift.alert;

import io.radshift.avro.AlertKind;
import io.radshift.avro.Severity;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The incident of one (site, window scheme): whether it is open, and the tests that contribute to it.
 *
 * <p>Everything that is material for a site in one window scheme joins one incident, because the on-call acts
 * on "this site's images or scores changed", not on which of thirty tests saw it first. A window is flagged when
 * at least one of its tests is material; the incident opens (FIRED) when at least {@code fireAfter} of the last
 * {@code fireWindow} evaluated windows were flagged and resolves (RESOLVED) when none of them was
 * ({@link AlertEpisode}). While it is open, a test joining or leaving its evidence ({@link HeldEvidence}) or a
 * change of its severity (the largest evidence severity) is an UPDATED step; nothing else is. Evidence is also
 * tracked while the incident is closed, so that the FIRING names every test that was material in the gating
 * windows. Windows that were not evaluated (too few studies, and no material operational check) change nothing.
 *
 * <p>The value is immutable and encodes to a few hundred bytes, so it lives in a changelogged state store and
 * changes atomically with the emitted events under exactly-once: a restart neither repeats nor loses an event.
 *
 * @param gate     k-of-m persistence gating of the whole incident
 * @param evidence contributing tests by {@link Finding#key()}
 * @param paging   whether the open incident pages (decided when it opens)
 */
public record IncidentState(AlertEpisode gate, Map<String, HeldEvidence> evidence, boolean paging) {

    /** A (site, window scheme) that has never been evaluated. */
    public static final IncidentState NEW = new IncidentState(AlertEpisode.NEW, Map.of(), false);

    private static final byte VERSION = 1;

    /** What one window did to the incident. */
    public enum Change { NONE, FIRED, UPDATED, RESOLVED }

    /**
     * The result of one window.
     *
     * @param previous the state before the window
     * @param next     the state after it
     * @param change   what the window did
     * @param joined   names of the tests that joined the evidence
     * @param left     names of the tests that left it
     */
    public record Step(IncidentState previous, IncidentState next, Change change, List<String> joined, List<String> left) {

        /** The step with {@code next} replaced (e.g. its paging decision). */
        public Step withNext(final IncidentState replacement) {
            return new Step(previous, replacement, change, joined, left);
        }
    }

    /** Copies the evidence into a sorted, unmodifiable map. */
    public IncidentState {
        evidence = Collections.unmodifiableMap(new TreeMap<>(evidence));
    }

    /** Whether the incident is open. */
    public boolean open() {
        return gate.firing();
    }

    /**
     * Applies one window.
     *
     * @param material   the window's material findings
     * @param evaluated  whether the window was evaluated at all (false: too few studies and no material check)
     * @param windowEnd  end of the window (event time)
     * @param fireAfter  k in "k of the last m"
     * @param fireWindow m in "k of the last m", at most 32
     */
    public Step apply(final List<Finding> material, final boolean evaluated, final long windowEnd, final int fireAfter,
                      final int fireWindow) {
        return apply(material, false, evaluated, windowEnd, fireAfter, fireWindow);
    }

    /**
     * Applies one window whose material evidence may be decisive ({@link AlertEpisode#apply(boolean, boolean, long,
     * int, int)}): decisive evidence opens the incident without waiting for {@code fireAfter} windows.
     */
    public Step apply(final List<Finding> material, final boolean decisive, final boolean evaluated,
                      final long windowEnd, final int fireAfter, final int fireWindow) {
        return apply(material, decisive, evaluated, windowEnd, fireAfter, fireWindow, fireWindow);
    }

    /** As above, resolving only after {@code resolveWindow} windows without material evidence. */
    public Step apply(final List<Finding> material, final boolean decisive, final boolean evaluated,
                      final long windowEnd, final int fireAfter, final int fireWindow, final int resolveWindow) {
        if (!evaluated) {
            return new Step(this, this, Change.NONE, List.of(), List.of());
        }
        final AlertEpisode.Step gated = gate.apply(!material.isEmpty(), decisive, windowEnd, fireAfter, fireWindow,
                resolveWindow);
        final List<String> joined = new ArrayList<>();
        final List<String> left = new ArrayList<>();
        final Map<String, HeldEvidence> next = nextEvidence(material, fireWindow, joined, left);
        final IncidentState after = new IncidentState(gated.next(), next, gated.next().firing() && paging);
        return new Step(this, after, change(gated.change(), after, joined, left), List.copyOf(joined), List.copyOf(left));
    }

    /** The evidence after one evaluated window; names of the tests that joined and left are added to the lists. */
    private Map<String, HeldEvidence> nextEvidence(final List<Finding> material, final int fireWindow,
                                                   final List<String> joined, final List<String> left) {
        final Map<String, Finding> now = new LinkedHashMap<>();
        material.forEach(f -> now.merge(f.key(), f, (a, b) -> a.severity().compareTo(b.severity()) >= 0 ? a : b));
        final int mask = fireWindow >= 32 ? -1 : (1 << fireWindow) - 1;
        final Map<String, HeldEvidence> next = new TreeMap<>();
        evidence.forEach((key, held) -> {
            final HeldEvidence shifted = held.next(now.get(key), mask);
            if (shifted.held()) {
                next.put(key, shifted);
            } else {
                left.add(held.latest().name());
            }
        });
        now.forEach((key, finding) -> {
            if (!next.containsKey(key)) {
                next.put(key, HeldEvidence.first(finding));
                joined.add(finding.name());
            }
        });
        return next;
    }

    private Change change(final AlertEpisode.Change gated, final IncidentState after, final List<String> joined,
                          final List<String> left) {
        return switch (gated) {
            case FIRED -> Change.FIRED;
            case RESOLVED -> Change.RESOLVED;
            case NONE -> after.open() && (!joined.isEmpty() || !left.isEmpty() || !severity().equals(after.severity()))
                    ? Change.UPDATED : Change.NONE;
        };
    }

    /** The same state with the paging decision of the open incident. */
    public IncidentState withPaging(final boolean pages) {
        return new IncidentState(gate, evidence, pages);
    }

    /** The largest evidence severity, or empty when no test contributes. */
    public Optional<Severity> severity() {
        return evidence.values().stream().map(HeldEvidence::severity).max(Enum::compareTo);
    }

    /** The contributing tests, most important first ({@link HeldEvidence#RANKING}). */
    public List<HeldEvidence> ranked() {
        return evidence.values().stream().sorted(HeldEvidence.RANKING).toList();
    }

    /** How many contributing tests of each kind. */
    public Map<AlertKind, Integer> evidenceByKind() {
        final Map<AlertKind, Integer> counts = new EnumMap<>(AlertKind.class);
        evidence.values().forEach(e -> counts.merge(e.latest().kind(), 1, Integer::sum));
        return counts;
    }

    /** A compact encoding for state stores. */
    public byte[] toBytes() {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + 96 * evidence.size());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.write(gate.toBytes());
            out.writeBoolean(paging);
            out.writeInt(evidence.size());
            for (HeldEvidence e : evidence.values()) {
                e.latest().write(out);
                out.writeInt(e.materialBits());
                out.writeInt(e.criticalBits());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Decodes {@link #toBytes()}. */
    public static IncidentState fromBytes(final byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            final byte version = in.readByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("incident state format version " + version + " is not " + VERSION);
            }
            final AlertEpisode gate = AlertEpisode.fromBytes(in.readNBytes(AlertEpisode.BYTES));
            final boolean paging = in.readBoolean();
            final int count = in.readInt();
            final Map<String, HeldEvidence> evidence = new TreeMap<>();
            for (int i = 0; i < count; i++) {
                final Finding finding = Finding.read(in);
                evidence.put(finding.key(), new HeldEvidence(finding, in.readInt(), in.readInt()));
            }
            return new IncidentState(gate, evidence, paging);
        } catch (IOException e) {
            throw new UncheckedIOException("truncated incident state", e);
        }
    }
}
